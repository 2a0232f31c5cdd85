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

/** What `complete` records: the answer, and a reference the route can rebuild it from. */
interface CompletedResponse extends StoredResponse {
  /** See `RouteResult.replayRef`: kept instead of the sealed answer. */
  replayRef?: string | undefined;
}

/**
 * A route's rebuild of an answer from its `replayRef` (`ProviderRoute.rebuild`);
 * undefined when what it needs is gone.
 */
export type Rebuild = (ref: string) => Promise<unknown>;

interface Record_ {
  state: "pending" | "done";
  fingerprint: string;
  /** A pending record's writer: only that request may delete it. */
  owner?: string;
  /** A done record's status (compact records; legacy ones keep it in `sealed`). */
  status?: number;
  /** A done record's reference, from which the route rebuilds its answer. */
  ref?: string;
  /** A done record's answer (it holds the token), sealed: `Sealer.seal` of its JSON. */
  sealed?: string;
}

/**
 * The stored fingerprint: the first 22 base64url characters of the body's
 * SHA-256 (132 bits: a second body of the same user and key colliding is
 * out of reach). Records of earlier versions keep all 43; both compare.
 */
const FINGERPRINT_CHARS = 22;

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
      complete(response: CompletedResponse, ttlMs: number): Promise<void>;
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
  rebuild?: Rebuild,
): Promise<IdempotencyOutcome | undefined> {
  if (rawKey === undefined) return undefined;
  if (typeof rawKey !== "string" || !KEY_SYNTAX.test(rawKey)) {
    throw invalidRequest(
      "Idempotency-Key",
      "Idempotency-Key must be 1 to 255 visible ASCII characters",
    );
  }
  const key = `idem:${sha256(`${scope}\n${rawKey}`)}`;
  const digest = fingerprintOf(body);
  const fingerprint = digest.slice(0, FINGERPRINT_CHARS);
  const mine = encode({ state: "pending", fingerprint, owner: randomUUID() });
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
    if (
      existing.fingerprint !==
      (existing.fingerprint.length > FINGERPRINT_CHARS ? digest : fingerprint)
    ) {
      throw new IdempotencyError(
        "IDEMPOTENCY_KEY_REUSED",
        "Idempotency-Key was already used with a different request",
      );
    }
    if (existing.state === "done" && existing.ref !== undefined) {
      const replayed = rebuild ? await rebuild(existing.ref) : undefined;
      if (replayed === undefined) {
        throw new IdempotencyError(
          "IDEMPOTENCY_KEY_REUSED",
          "Idempotency-Key cannot be replayed: what it issued is no longer kept",
        );
      }
      return { kind: "replay", response: { status: existing.status ?? 201, body: replayed } };
    }
    if (existing.state === "done" && existing.sealed !== undefined) {
      const text = sealer.open(existing.sealed, key);
      if (text === undefined) {
        throw new IdempotencyError(
          "IDEMPOTENCY_KEY_REUSED",
          "Idempotency-Key cannot be replayed: its answer was sealed with a key no longer configured",
        );
      }
      const opened = JSON.parse(text) as unknown;
      const response: StoredResponse =
        existing.status === undefined
          ? (opened as StoredResponse)
          : { status: existing.status, body: opened };
      return { kind: "replay", response };
    }
    throw inProgress();
  }
  return {
    kind: "proceed",
    async complete(response, ttlMs) {
      // A reference when the route can rebuild the answer from it (no token
      // kept at all); else the answer, which holds the token: sealed at rest,
      // bound to this key.
      const { status, replayRef } = response;
      const done: Record_ =
        replayRef !== undefined && rebuild !== undefined
          ? { state: "done", fingerprint, status, ref: replayRef }
          : {
              state: "done",
              fingerprint,
              status,
              sealed: sealer.seal(JSON.stringify(response.body), key),
            };
      await store.set(key, encode(done), Math.max(1000, ttlMs));
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

/** The status of a rebuildable answer a record's short form stands for. */
const REBUILT_STATUS = 201;

/**
 * A record as stored: one short line, fields split by "." (none of them
 * holds one, but a sealed answer or a reference, which comes last):
 * `p.<fingerprint>.<owner>` in progress; done, `r.<fingerprint>.<ref>` for
 * an answer rebuilt from its reference with status 201 (every rebuildable
 * route's), `d.<fingerprint>.<status>.r.<ref>` with another status, or
 * `d.<fingerprint>.<status>.s.<sealed answer>`.
 */
function encode(r: Record_): string {
  if (r.state === "pending") return `p.${r.fingerprint}.${r.owner}`;
  if (r.ref !== undefined) {
    return r.status === REBUILT_STATUS
      ? `r.${r.fingerprint}.${r.ref}`
      : `d.${r.fingerprint}.${r.status}.r.${r.ref}`;
  }
  return `d.${r.fingerprint}.${r.status}.s.${r.sealed}`;
}

/** A stored record: a compact line, or the JSON object of earlier versions. */
function parse(text: string | null): Record_ | undefined {
  if (text === null) return undefined;
  if (text.startsWith("{")) {
    try {
      return JSON.parse(text) as Record_;
    } catch {
      return undefined;
    }
  }
  if (text.startsWith("r.")) {
    const dot = text.indexOf(".", 2);
    if (dot < 0) return undefined;
    const fingerprint = text.slice(2, dot);
    return { state: "done", fingerprint, status: REBUILT_STATUS, ref: text.slice(dot + 1) };
  }
  const [state, fingerprint, third, kind] = text.split(".", 4);
  if (fingerprint === undefined || third === undefined) return undefined;
  if (state === "p") return { state: "pending", fingerprint, owner: third };
  const status = Number(third);
  if (state !== "d" || !Number.isInteger(status) || (kind !== "r" && kind !== "s")) {
    return undefined;
  }
  const payload = text.slice(state.length + fingerprint.length + third.length + 5);
  return kind === "r"
    ? { state: "done", fingerprint, status, ref: payload }
    : { state: "done", fingerprint, status, sealed: payload };
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
