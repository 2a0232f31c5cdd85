import { createHash } from "node:crypto";
import { WidgetTokensError, invalidRequest } from "../errors.js";
import type { Store } from "../stores/store.js";

/** What a replay sends back. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

interface Record_ {
  state: "pending" | "done";
  fingerprint: string;
  response?: StoredResponse;
}

const KEY_SYNTAX = /^[\x21-\x7e]{1,255}$/;
/** A pending record outlives a crashed request by this much at most. */
const PENDING_TTL_MS = 60_000;

export type IdempotencyOutcome =
  | { kind: "replay"; response: StoredResponse }
  | {
      kind: "proceed";
      complete(response: StoredResponse, ttlMs: number): Promise<void>;
      abandon(): Promise<void>;
    };

/**
 * `Idempotency-Key` handling. The record is scoped to route and user, so a
 * key can never return another user's token. Same key and body: the stored
 * answer (no second pre-authorization). Same key, other body: 422. Same key
 * while the first request is still running: 409.
 */
export async function beginIdempotent(
  store: Store,
  rawKey: string | string[] | undefined,
  scope: string,
  body: unknown,
): Promise<IdempotencyOutcome | undefined> {
  if (rawKey === undefined) return undefined;
  if (typeof rawKey !== "string" || !KEY_SYNTAX.test(rawKey)) {
    throw invalidRequest(
      "Idempotency-Key",
      "Idempotency-Key must be 1 to 255 visible ASCII characters",
    );
  }
  const key = `idem:${sha256(`${scope}\n${rawKey}`)}`;
  const fingerprint = sha256(JSON.stringify(body));
  const pending: Record_ = { state: "pending", fingerprint };
  const fresh = await store.set(key, JSON.stringify(pending), PENDING_TTL_MS, {
    onlyIfAbsent: true,
  });
  if (!fresh) {
    const existing = parse(await store.get(key));
    if (existing === undefined) {
      // Expired between the two calls: treat as in progress; the client retries.
      throw inProgress();
    }
    if (existing.fingerprint !== fingerprint) {
      throw new WidgetTokensError(
        "IDEMPOTENCY_KEY_REUSED",
        "Idempotency-Key was already used with a different request",
      );
    }
    if (existing.state === "done" && existing.response) {
      return { kind: "replay", response: existing.response };
    }
    throw inProgress();
  }
  return {
    kind: "proceed",
    async complete(response, ttlMs) {
      const done: Record_ = { state: "done", fingerprint, response };
      await store.set(key, JSON.stringify(done), Math.max(1000, ttlMs));
    },
    async abandon() {
      await store.delete(key);
    },
  };
}

function inProgress(): WidgetTokensError {
  return new WidgetTokensError(
    "IDEMPOTENCY_IN_PROGRESS",
    "A request with this Idempotency-Key is still in progress",
  );
}

function parse(text: string | null): Record_ | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as Record_;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}
