import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { OutputRecord, SecretRecord } from "./records.js";

/** A secret found in something a test run wrote out. Never holds the secret itself. */
export interface Leak {
  kind: string;
  /** The test file that configured the secret. */
  configuredIn: string;
  where: string;
  /** The test file that was running when it was written out. */
  file: string;
}

/** Shorter values are too likely to occur by chance (and no real secret is this short). */
const MIN_SECRET_LENGTH = 12;
/**
 * Fewer distinct characters than this is a test's deliberate filler ("x" × 43
 * as a wrong key), not a secret: it matches any padded body of another test.
 */
const MIN_DISTINCT_CHARACTERS = 5;

/**
 * Every secret of `secrets` that occurs in any of `outputs`, once per
 * (secret, place). A secret is also looked for in base64 and base64url, the
 * two ways a key is most often re-encoded on its way out.
 *
 * @example
 * findLeaks([{ type: "log", where: "console.log", file: "a.test.ts", text: "key=s3cr3t-s3cr3t" }],
 *           [{ kind: "HMAC secret", value: "s3cr3t-s3cr3t", file: "a.test.ts" }]);
 * // [{ kind: "HMAC secret", configuredIn: "a.test.ts", where: "console.log", file: "a.test.ts" }]
 */
export function findLeaks(
  outputs: readonly OutputRecord[],
  secrets: readonly SecretRecord[],
): Leak[] {
  const needles = new Map<string, SecretRecord>();
  for (const secret of secrets) {
    if (new Set(secret.value).size < MIN_DISTINCT_CHARACTERS) continue;
    for (const form of forms(secret.value)) {
      if (form.length >= MIN_SECRET_LENGTH && !needles.has(form)) needles.set(form, secret);
    }
  }
  // One pass per secret over all the (distinct) text first; the places only for those found.
  const texts = [...new Set(outputs.map((o) => o.text))];
  const all = texts.join("\u0000");
  const leaks: Leak[] = [];
  const seen = new Set<string>();
  for (const [needle, secret] of needles) {
    if (!all.includes(needle)) continue;
    for (const output of outputs) {
      if (!output.text.includes(needle)) continue;
      const key = `${secret.kind}\n${secret.value}\n${output.where}\n${output.file}`;
      if (seen.has(key)) continue;
      seen.add(key);
      leaks.push({
        kind: secret.kind,
        configuredIn: secret.file,
        where: output.where,
        file: output.file,
      });
    }
  }
  return leaks;
}

function forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  return [value, bytes.toString("base64").replace(/=+$/, ""), bytes.toString("base64url")];
}

/** Read every record a run left in `dir`. */
export function readRecords(dir: string): { outputs: OutputRecord[]; secrets: SecretRecord[] } {
  const outputs: OutputRecord[] = [];
  const secrets: SecretRecord[] = [];
  for (const name of readdirSync(dir)) {
    const target = name.startsWith("output-")
      ? outputs
      : name.startsWith("secrets-")
        ? secrets
        : undefined;
    if (target === undefined) continue;
    for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (line.length > 0) (target as unknown[]).push(JSON.parse(line));
    }
  }
  return { outputs, secrets };
}

/** The failure message: kinds and places, never a secret. */
export function describeLeaks(leaks: readonly Leak[]): string {
  const lines = leaks.map(
    (l) =>
      `- a ${l.kind} (configured in ${l.configuredIn}) appeared in the ${l.where}, while ${l.file} ran`,
  );
  return `Secret scan: ${leaks.length} configured secret(s) were written out:\n${lines.join("\n")}`;
}
