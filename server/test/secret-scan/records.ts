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

/** Append one output record to this worker's file in `dir`. */
export function writeOutput(dir: string, record: OutputRecord): void {
  appendFileSync(fileFor(dir, "output"), `${JSON.stringify(record)}\n`);
}

/** Append one secret to this worker's file in `dir`. */
export function writeSecret(dir: string, record: SecretRecord): void {
  appendFileSync(fileFor(dir, "secrets"), `${JSON.stringify(record)}\n`);
}
