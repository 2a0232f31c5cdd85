/**
 * The secret scan's recorder: a Vitest `setupFiles` module of every project
 * that starts servers (see vite.config.ts). It records, into the run's
 * folder (records.ts), everything the run writes out and every secret the
 * run configures; global-setup.ts scans the lot when the run ends and fails
 * it if any secret was written out.
 *
 * What is recorded:
 * - every HTTP response of every server in the test process (status line,
 *   each header, the body), through `http.ServerResponse.prototype`;
 * - every console line, and every line the middleware logs (the logger
 *   behind `redactingLogger`, whatever the test passed: `captureLogger`
 *   arrays included), after redaction, which is what a merchant's log sees;
 *   a structured logger's objects (pino) as JSON. observability.test.ts
 *   writes the Prometheus text (`registry.metrics()`) and every span's
 *   attributes to the console, so metrics and traces are scanned too.
 *
 * Which secrets: every HMAC key (`crypto.createSecretKey`: API secrets,
 * impact auth tokens, Jackpot signatures), every private key
 * (`crypto.createPrivateKey`: each base64 line of its PEM), and, taken from
 * the merchant-API stand-in's traffic, the password of each login and the
 * access and refresh tokens it issues, and `Api-key` headers it receives.
 * `recordSecret()` adds any other.
 *
 * Scope, decided: the merchant-API stand-in's own answers to
 * `/merchant-api/v2/auth/login` and `/refresh` carry the upstream access and
 * refresh tokens by design (server to server, to our client). Those two
 * answers are the source of those secrets, so they are recorded as secrets
 * and not scanned; every other response, the sandbox's included, is.
 */
import cryptoModule, * as crypto from "node:crypto";
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";
import { relative } from "node:path";
import { format } from "node:util";
import { afterAll, expect, vi } from "vitest";
import type { Logger } from "../../src/logger.js";
import { flushRecords, recordDir, writeOutput, writeSecret } from "./records.js";

const INSTALLED = Symbol.for("widget-tokens.secret-scan.installed");
/** The stand-in's token-issuing endpoints (server-to-server answers). */
const UPSTREAM_AUTH = /^\/merchant-api\/v2\/auth\/(login|refresh)$/;

function currentFile(): string {
  try {
    const path = expect.getState().testPath;
    return path ? relative(process.cwd(), path) : "(no test file)";
  } catch {
    return "(no test file)";
  }
}

/**
 * Record a value that must never be written out (a response, a log line).
 *
 * @example
 * recordSecret("merchant-API password", MERCHANT.password);
 */
export function recordSecret(kind: string, value: unknown): void {
  const dir = recordDir();
  if (dir === undefined || typeof value !== "string" || value.length === 0) return;
  writeSecret(dir, { kind, value, file: currentFile() });
}

function recordOutput(type: "response" | "log", where: string, text: string): void {
  const dir = recordDir();
  if (dir === undefined || text.length === 0) return;
  writeOutput(dir, { type, where, file: currentFile(), text });
}

/** The secrets a key's material holds: an HMAC key as text, a private key's PEM lines. */
function recordKeyMaterial(kind: "HMAC secret" | "private key", input: unknown): void {
  const material =
    typeof input === "object" && input !== null && !ArrayBuffer.isView(input) && "key" in input
      ? (input as { key: unknown }).key
      : input;
  let text: string | undefined;
  if (typeof material === "string") text = material;
  else if (ArrayBuffer.isView(material)) {
    text = Buffer.from(material.buffer, material.byteOffset, material.byteLength).toString("utf8");
  } else if (typeof material === "object" && material !== null && "d" in material) {
    recordSecret(`${kind} (JWK d)`, (material as { d: unknown }).d);
    return;
  }
  if (text === undefined) return;
  if (kind === "private key" && text.includes("-----BEGIN")) {
    for (const line of text.split(/\r?\n/)) {
      if (/^[A-Za-z0-9+/=]{16,}$/.test(line)) recordSecret("PEM line of a private key", line);
    }
    return;
  }
  recordSecret(kind, text);
}

interface Tap {
  status?: number;
  head: string[];
  body: string[];
  done?: boolean;
}
const TAP = Symbol("secret-scan tap");
type Tapped = http.ServerResponse & { [TAP]?: Tap };

function tapOf(res: Tapped): Tap {
  let tap = res[TAP];
  if (tap === undefined) {
    tap = { head: [], body: [] };
    res[TAP] = tap;
  }
  return tap;
}

function chunkText(chunk: unknown, encoding?: unknown): string | undefined {
  if (typeof chunk === "string") {
    return typeof encoding === "string" && encoding !== "utf8" && encoding !== "utf-8"
      ? Buffer.from(chunk, encoding as BufferEncoding).toString("utf8")
      : chunk;
  }
  if (chunk instanceof Uint8Array) return Buffer.from(chunk).toString("utf8");
  return undefined;
}

/** At the end of a response: learn the upstream secrets it carries, or record it. */
function finishResponse(res: Tapped): void {
  const tap = tapOf(res);
  if (tap.done) return;
  tap.done = true;
  const req = res.req as
    | (http.IncomingMessage & { originalUrl?: string; body?: unknown })
    | undefined;
  const url = req?.originalUrl ?? req?.url ?? "?";
  const path = url.split("?")[0] ?? url;
  const body = tap.body.join("");
  if (req && path.startsWith("/merchant-api/")) {
    // Credentials our client sends the merchant-API stand-in.
    const apiKey = req.headers["api-key"];
    if (typeof apiKey === "string") recordSecret("merchant-API key", apiKey);
    const sent = req.body as { password?: unknown; refreshToken?: unknown } | undefined;
    if (sent && typeof sent === "object") {
      recordSecret("merchant-API password", sent.password);
      recordSecret("upstream refresh token", sent.refreshToken);
    }
  }
  if (UPSTREAM_AUTH.test(path)) {
    try {
      const issued = JSON.parse(body) as { accessToken?: unknown; refreshToken?: unknown };
      recordSecret("upstream access token", issued.accessToken);
      recordSecret("upstream refresh token", issued.refreshToken);
    } catch {
      // An error answer: nothing issued.
    }
    return;
  }
  const status = tap.status ?? res.statusCode;
  const head = [
    ...tap.head,
    ...Object.entries(res.getHeaders()).map(([n, v]) => `${n}: ${String(v)}`),
  ];
  recordOutput(
    "response",
    `response to ${req?.method ?? "?"} ${url} (${status})`,
    `${head.join("\n")}\n\n${body}`,
  );
}

function install(): void {
  const proto = http.ServerResponse.prototype as unknown as Record<string, unknown>;
  const { setHeader, writeHead, write, end } = http.ServerResponse.prototype;
  proto.setHeader = function (this: Tapped, name: string, value: unknown) {
    tapOf(this).head.push(`${name}: ${String(value)}`);
    return setHeader.call(this, name, value as never);
  };
  proto.writeHead = function (this: Tapped, status: number, ...rest: unknown[]) {
    const tap = tapOf(this);
    tap.status = status;
    for (const arg of rest) {
      if (typeof arg === "string") tap.head.push(arg);
      else if (typeof arg === "object" && arg !== null) tap.head.push(JSON.stringify(arg));
    }
    return (writeHead as (...a: unknown[]) => http.ServerResponse).call(this, status, ...rest);
  };
  proto.write = function (this: Tapped, chunk: unknown, ...rest: unknown[]) {
    const text = chunkText(chunk, rest[0]);
    if (text !== undefined) tapOf(this).body.push(text);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  proto.end = function (this: Tapped, ...args: unknown[]) {
    const [chunk, encoding] = args;
    if (typeof chunk !== "function") {
      const text = chunkText(chunk, encoding);
      if (text !== undefined) tapOf(this).body.push(text);
    }
    try {
      finishResponse(this);
    } catch {
      // The recorder never breaks a response.
    }
    return (end as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  };

  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      recordOutput("log", `console.${method}`, format(...args));
      original.apply(console, args);
    };
  }

  // Node's ESM named exports follow the CommonJS object once synced: every
  // `import { createSecretKey } from "node:crypto"` then calls these.
  const cjsCrypto = cryptoModule as unknown as Record<string, unknown>;
  const { createSecretKey, createPrivateKey } = crypto;
  cjsCrypto.createSecretKey = (...args: unknown[]) => {
    recordKeyMaterial("HMAC secret", args[0]);
    return (createSecretKey as (...a: unknown[]) => crypto.KeyObject)(...args);
  };
  cjsCrypto.createPrivateKey = (...args: unknown[]) => {
    recordKeyMaterial("private key", args[0]);
    return (createPrivateKey as (...a: unknown[]) => crypto.KeyObject)(...args);
  };
  syncBuiltinESMExports();
}

const state = globalThis as { [INSTALLED]?: boolean };
if (recordDir() !== undefined && !state[INSTALLED]) {
  state[INSTALLED] = true;
  install();
}
afterAll(flushRecords);

/** Tap the logger every widget-tokens line goes to (after redaction), whatever the test passed. */
vi.mock(import("../../src/logger.js"), async (importOriginal) => {
  const actual = await importOriginal();
  const text = (args: unknown[]) =>
    args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  const tap = (target: Logger): Logger => {
    const write =
      (level: "info" | "warn" | "error") =>
      (...args: unknown[]) => {
        recordOutput("log", `widget-tokens logger.${level}`, text(args));
        (target[level] as (...a: unknown[]) => void)(...args);
      };
    const tapped = { info: write("info"), warn: write("warn"), error: write("error") };
    // A structured logger stays one (objects are recorded as JSON).
    return actual.isStructuredLogger(target)
      ? ({ ...tapped, child: (b: Record<string, unknown>) => target.child(b) } as Logger)
      : tapped;
  };
  return {
    ...actual,
    redactingLogger: (
      target: Logger,
      secrets: () => readonly string[],
      context?: () => Record<string, string> | undefined,
    ) => actual.redactingLogger(tap(target), secrets, context),
  };
});
