import { createHash, randomUUID } from "node:crypto";
import { configure } from "safe-stable-stringify";
import {
  IdempotencyError,
  RequestError,
  type WidgetTokensError,
  invalidRequest,
} from "../errors.js";
import type { Sealer } from "../stores/sealer.js";
import type { Store } from "../stores/store.js";

/**
 * JSON with every object's keys sorted; anything JSON cannot represent (a
 * cycle, a BigInt, a function, NaN) throws instead of being quietly rewritten.
 */
const stableStringify = configure({ strict: true });

/** What a replay sends back. */
interface StoredResponse {
  status: number;
  body: unknown;
}

interface Record_ {
  state: "pending" | "done";
  fingerprint: string;
  /** A pending record's writer: only that request may delete it. */
  owner?: string;
  /** A done record's answer (it holds the token), sealed: `Sealer.seal` of its JSON. */
  sealed?: string;
}

const KEY_SYNTAX = /^[\x21-\x7e]{1,255}$/;

/**
 * What the in-progress marker allows for the merchant's hooks that run after
 * it is written (`authorize`, Gr4vy's `checkout`, Jackpot's `profile`,
 * `onIssued`), all together.
 */
const HOOKS_ALLOWANCE_MS = 10_000;

/**
 * How long the in-progress marker of an `Idempotency-Key` lives: the route's
 * own deadline (its upstream timeouts, `ProviderRoute.deadlineMs`), two store
 * operations (the route's own write and the replay record, each bounded by
 * the store's timeout), and `HOOKS_ALLOWANCE_MS`. The marker is written after
 * the body was read, so the body timeout is not part of it. A request that
 * ends frees its key at once (a replay record, or the marker deleted); a
 * marker outlives a request only when the process died, or when the store
 * failed at the end: then a retry gets 409 for at most this long.
 *
 * @example
 * inProgressLifetimeMs(0, 1000); // Fluz on Redis with the default timeout: 12_000
 */
export function inProgressLifetimeMs(routeDeadlineMs: number, storeTimeoutMs: number): number {
  return routeDeadlineMs + 2 * storeTimeoutMs + HOOKS_ALLOWANCE_MS;
}

export type IdempotencyOutcome =
  | { kind: "replay"; response: StoredResponse }
  | {
      kind: "proceed";
      complete(response: StoredResponse, ttlMs: number): Promise<void>;
      /** Free the key after a failure; never awaited (see `beginIdempotent`). */
      abandon(): void;
    };

/**
 * `Idempotency-Key` handling. The record is scoped to route and user, so a
 * key can never return another user's token. Same key and body: the stored
 * answer (no second pre-authorization). Same key, other body: 422. Same key
 * while the first request is still running: 409.
 *
 * Freeing a key is fire and forget, never on the answer's path: when the
 * store fails, the error answer leaves at once and the delete runs (or
 * fails, reported by `onUnfreed`) on its own. The marker lives for
 * `lifetimeMs` (`inProgressLifetimeMs`). A marker whose write timed
 * out may still land (a frozen Redis runs it when it thaws), so it is freed
 * too. Deletes compare the marker's unique owner, so a late one never frees
 * another request's marker.
 */
export async function beginIdempotent(
  store: Store,
  rawKey: string | string[] | undefined,
  scope: string,
  body: unknown,
  lifetimeMs: number,
  sealer: Sealer,
  onUnfreed: () => void = () => {},
): Promise<IdempotencyOutcome | undefined> {
  if (rawKey === undefined) return undefined;
  if (typeof rawKey !== "string" || !KEY_SYNTAX.test(rawKey)) {
    throw invalidRequest(
      "Idempotency-Key",
      "Idempotency-Key must be 1 to 255 visible ASCII characters",
    );
  }
  const key = `idem:${sha256(`${scope}\n${rawKey}`)}`;
  const fingerprint = fingerprintOf(body);
  const pending: Record_ = { state: "pending", fingerprint, owner: randomUUID() };
  const mine = JSON.stringify(pending);
  const abandon = () => {
    store.releaseLock(key, mine).catch(onUnfreed);
  };
  let fresh: boolean;
  try {
    fresh = await store.set(key, mine, lifetimeMs, { onlyIfAbsent: true });
  } catch (err) {
    abandon();
    throw err;
  }
  if (!fresh) {
    const existing = parse(await store.get(key));
    if (existing === undefined) {
      // Expired between the two calls: treat as in progress; the client retries.
      throw inProgress();
    }
    if (existing.fingerprint !== fingerprint) {
      throw new IdempotencyError(
        "IDEMPOTENCY_KEY_REUSED",
        "Idempotency-Key was already used with a different request",
      );
    }
    if (existing.state === "done" && existing.sealed !== undefined) {
      const text = sealer.open(existing.sealed, key);
      if (text === undefined) {
        throw new IdempotencyError(
          "IDEMPOTENCY_KEY_REUSED",
          "Idempotency-Key cannot be replayed: its answer was sealed with a key no longer configured",
        );
      }
      return { kind: "replay", response: JSON.parse(text) as StoredResponse };
    }
    throw inProgress();
  }
  return {
    kind: "proceed",
    async complete(response, ttlMs) {
      // The answer holds the token: sealed at rest, bound to this key.
      const done: Record_ = {
        state: "done",
        fingerprint,
        sealed: sealer.seal(JSON.stringify(response), key),
      };
      await store.set(key, JSON.stringify(done), Math.max(1000, ttlMs));
    },
    abandon,
  };
}

function inProgress(): WidgetTokensError {
  return new IdempotencyError(
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

/**
 * The body's hash. The body readers bound its depth (`MAX_JSON_DEPTH`), so
 * JSON.stringify's recursion cannot overflow; should a body still not
 * serialize (a cycle or a BigInt from a custom app parser), that is the
 * request's fault, a 400, never a 500.
 */
function fingerprintOf(body: unknown): string {
  let text: string | undefined;
  try {
    // Keys sorted at every level: a retry with the same fields in another order is the same body.
    text = stableStringify(body);
  } catch {
    throw new RequestError("INVALID_REQUEST", "Body cannot be serialized as JSON");
  }
  return sha256(text ?? "");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}
