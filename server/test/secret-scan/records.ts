import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";

/**
 * Where the secret scan keeps what a test run produced: one folder for the
 * run (made by global-setup.ts, named by this variable, inherited by every
 * Vitest worker), with two JSON-lines files per worker: what was written out
 * (responses, log lines) and which secrets were configured.
 */
export const RECORD_DIR_ENV = "WIDGET_TOKENS_SECRET_SCAN_DIR";

/** Something a test run wrote out: a response (status, headers, body) or a log line. */
export interface OutputRecord {
  /** "response" or "log". */
  type: "response" | "log";
  /** Where: "response to POST /widget-tokens/fluz/pat-token (400)", "console.warn", "widget-tokens logger.error". */
  where: string;
  /** The test file that was running. */
  file: string;
  text: string;
}

/** A value that must never be written out, and what kind of secret it is. */
export interface SecretRecord {
  /** "HMAC secret", "PEM line of a private key", "merchant-API password", "upstream access token"… */
  kind: string;
  value: string;
  /** The test file that configured it. */
  file: string;
}

/** The folder of this run, or undefined when the scan is not set up (a run without the global setup). */
export function recordDir(): string | undefined {
  return process.env[RECORD_DIR_ENV] || undefined;
}

function fileFor(dir: string, what: "output" | "secrets"): string {
  return join(dir, `${what}-${process.pid}-${threadId}.jsonl`);
}

/**
 * Lines waiting to be appended, per file. Written once per turn of the event
 * loop (a burst of responses costs one write, not one each), at the end of
 * every test file (setup.ts calls `flushRecords` in `afterAll`), and when the
 * worker exits.
 */
interface Pending {
  lines: Map<string, string[]>;
  scheduled: boolean;
}
/** One buffer per process, whichever copy of this module (one per test file) writes to it. */
const PENDING = Symbol.for("widget-tokens.secret-scan.pending");
const shared = globalThis as { [PENDING]?: Pending };
if (shared[PENDING] === undefined) shared[PENDING] = newPending();
const pending: Pending = shared[PENDING];

function newPending(): Pending {
  process.on("exit", flushRecords);
  return { lines: new Map(), scheduled: false };
}

function append(file: string, record: unknown): void {
  const lines = pending.lines.get(file);
  if (lines) lines.push(JSON.stringify(record));
  else pending.lines.set(file, [JSON.stringify(record)]);
  if (!pending.scheduled) {
    pending.scheduled = true;
    setImmediate(flushRecords);
  }
}

/** Write every pending record now. */
export function flushRecords(): void {
  const buffer = (globalThis as { [PENDING]?: Pending })[PENDING];
  if (buffer === undefined) return;
  buffer.scheduled = false;
  const files = [...buffer.lines];
  buffer.lines.clear();
  for (const [file, lines] of files) {
    try {
      appendFileSync(file, `${lines.join("\n")}\n`);
    } catch (err) {
      // Only a folder that is gone (a self-test's private one) is not an error.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}

/** Record one output in this worker's file in `dir`. */
export function writeOutput(dir: string, record: OutputRecord): void {
  append(fileFor(dir, "output"), record);
}

/** Record one secret in this worker's file in `dir`. */
export function writeSecret(dir: string, record: SecretRecord): void {
  append(fileFor(dir, "secrets"), record);
}
