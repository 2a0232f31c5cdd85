/**
 * The secret scan's judge, a Vitest `globalSetup`: it makes the run's record
 * folder before any worker starts (workers inherit its name through
 * RECORD_DIR_ENV), and when the whole run ends it scans everything the
 * workers recorded (setup.ts) for every secret they recorded. Any hit fails
 * the run, naming the secret's kind and where it appeared, never the secret.
 *
 * Several projects may list this file: the first to start makes the folder
 * and owns the scan; the others find the variable set and leave it alone.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeLeaks, findLeaks, readRecords } from "./find-leaks.js";
import { RECORD_DIR_ENV } from "./records.js";

export default function setup(): (() => void) | undefined {
  if (process.env[RECORD_DIR_ENV]) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "widget-tokens-secret-scan-"));
  process.env[RECORD_DIR_ENV] = dir;
  return function teardown() {
    delete process.env[RECORD_DIR_ENV];
    let leaks: ReturnType<typeof findLeaks>;
    let counts: string;
    try {
      const { outputs, secrets } = readRecords(dir);
      leaks = findLeaks(outputs, secrets);
      const responses = outputs.filter((o) => o.type === "response").length;
      const distinct = new Set(secrets.map((s) => s.value)).size;
      counts = `${responses} responses and ${outputs.length - responses} log lines against ${distinct} secrets`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (leaks.length > 0) {
      // Vitest reports an error thrown here but still exits 0: set the code too.
      process.exitCode = 1;
      throw new Error(describeLeaks(leaks));
    }
    console.info(`Secret scan: no secret in ${counts}.`);
  };
}
