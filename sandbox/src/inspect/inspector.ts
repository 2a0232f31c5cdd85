import { SandboxError } from "../errors.js";
import { type ResetFilter, named } from "../reset-filter.js";
import { type ReceivedToken, type TokenFilter, matchesFilter } from "./received-token.js";

/** How long `waitFor` waits by default, in ms. */
export const DEFAULT_WAIT_MS = 10_000;

/** Options of `inspect.waitFor` and `inspect.next`. */
export interface WaitOptions extends TokenFilter {
  /** Give up after this many ms (default 10 000) with an `INSPECT_TIMEOUT` error. */
  timeoutMs?: number | undefined;
  /** Give up when this signal aborts (the promise rejects with its reason). */
  signal?: AbortSignal | undefined;
}

/** A listener of received tokens. */
export type TokenListener = (token: ReceivedToken) => void;

/**
 * The record of every token the stand-ins received. Reads are synchronous;
 * waits are event-driven (a received token settles its waiters at once, no
 * polling).
 *
 * @example
 * const since = sandbox.inspect.cursor();
 * await page.getByRole("button", { name: "Withdraw" }).click();
 * const token = await sandbox.inspect.waitFor({ provider: "fluz", since });
 * expect(token.verdict).toBe("valid");
 */
export interface Inspector {
  /** The tokens received so far, oldest first, narrowed by `filter`. */
  tokens(filter?: TokenFilter): ReceivedToken[];
  /** The `id` of the last token received (0 before any): pass it as `since` later. */
  cursor(): number;
  /**
   * The first token matching `options` with an `id` above `since`: one already
   * received, or the next to arrive. Without `since`, only tokens from now on.
   */
  waitFor(options?: WaitOptions): Promise<ReceivedToken>;
  /** The next token to arrive that matches (`waitFor` from the current cursor). */
  next(options?: Omit<WaitOptions, "since">): Promise<ReceivedToken>;
  /** Call `listener` for every token received from now on; returns the unsubscribe function. */
  subscribe(listener: TokenListener): () => void;
  /** Forget the tokens received so far (ids keep counting). */
  clear(): void;
  /**
   * Forget the tokens of `user` or received with `scope` (all of them when
   * neither is given); returns how many. Ids keep counting.
   */
  forget(filter: ResetFilter): number;
  /** Record a token (the stand-ins call this; tests need not). */
  record(entry: Omit<ReceivedToken, "id" | "receivedAt">): ReceivedToken;
  /** Reject every pending wait with `SANDBOX_CLOSED` (the sandbox calls this when it closes). */
  close(): void;
}

interface Waiter {
  filter: TokenFilter;
  resolve(token: ReceivedToken): void;
  reject(err: unknown): void;
}

/**
 * A fresh inspector keeping at most `maxTokens` tokens (the oldest are
 * dropped first).
 *
 * @example
 * const inspect = createInspector();
 * app.use(sandboxFluz(options, origin, { ...createSandboxHooks(), inspect }));
 */
export function createInspector({
  maxTokens = 1000,
}: { maxTokens?: number | undefined } = {}): Inspector {
  const tokens: ReceivedToken[] = [];
  const waiters = new Set<Waiter>();
  const listeners = new Set<TokenListener>();
  let last = 0;
  let closed = false;

  const inspector: Inspector = {
    tokens: (filter = {}) => tokens.filter((t) => matchesFilter(t, filter)),
    cursor: () => last,

    waitFor({ timeoutMs = DEFAULT_WAIT_MS, signal, ...filter } = {}) {
      const since = filter.since ?? last;
      const found = tokens.find((t) => matchesFilter(t, { ...filter, since }));
      if (found) return Promise.resolve(found);
      if (closed) return Promise.reject(closedError());
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<ReceivedToken>((resolve, reject) => {
        const settle = () => {
          waiters.delete(waiter);
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        };
        const waiter: Waiter = {
          filter: { ...filter, since },
          resolve: (token) => {
            settle();
            resolve(token);
          },
          reject: (err) => {
            settle();
            reject(err);
          },
        };
        const onAbort = () => waiter.reject(signal?.reason);
        const timer = setTimeout(
          () => waiter.reject(timeoutError(filter, timeoutMs, tokens, since)),
          timeoutMs,
        );
        signal?.addEventListener("abort", onAbort, { once: true });
        waiters.add(waiter);
      });
    },

    next(options = {}) {
      return inspector.waitFor({ ...options, since: last });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    clear() {
      tokens.length = 0;
    },

    forget(filter) {
      const before = tokens.length;
      const kept = tokens.filter((t) => !named(filter, t.user, t.scope));
      tokens.splice(0, tokens.length, ...kept);
      return before - kept.length;
    },

    record(entry) {
      const token: ReceivedToken = { id: ++last, receivedAt: new Date().toISOString(), ...entry };
      tokens.push(token);
      if (tokens.length > maxTokens) tokens.splice(0, tokens.length - maxTokens);
      for (const waiter of [...waiters]) {
        if (matchesFilter(token, waiter.filter)) waiter.resolve(token);
      }
      for (const listener of [...listeners]) listener(token);
      return token;
    },

    close() {
      closed = true;
      for (const waiter of [...waiters]) waiter.reject(closedError());
    },
  };
  return inspector;
}

const closedError = () =>
  new SandboxError("SANDBOX_CLOSED", "The sandbox closed before a matching token arrived");

function describeFilter(filter: TokenFilter): string {
  const parts = [filter.verdict, filter.provider, filter.kind].filter(Boolean).join(" ");
  const who = [
    filter.user !== undefined ? `for user ${JSON.stringify(filter.user)}` : "",
    filter.scope !== undefined ? `in scope ${JSON.stringify(filter.scope)}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return [parts || "", "token", who].filter(Boolean).join(" ");
}

function timeoutError(
  filter: TokenFilter,
  timeoutMs: number,
  tokens: readonly ReceivedToken[],
  since: number,
): SandboxError {
  const others = tokens.filter((t) => t.id > since);
  const seen =
    others.length === 0
      ? "no token arrived at all"
      : `${others.length} other token${others.length === 1 ? "" : "s"} arrived: ${others
          .slice(-5)
          .map((t) => `${t.provider} ${t.kind} (${t.verdict}${t.user ? `, user ${t.user}` : ""})`)
          .join("; ")}`;
  return new SandboxError(
    "INSPECT_TIMEOUT",
    `No ${describeFilter(filter)} arrived within ${timeoutMs} ms; ${seen}`,
  );
}
