import { expect } from "vitest";
import type { Store } from "../../src/index.js";
import { STORE_OPERATIONS } from "../../src/stores/store.js";

/**
 * The documented deadlines (the store's `commandTimeoutMs`, an upstream's
 * `timeoutMs`) are correctness properties, so the fault suite asserts them,
 * with this margin, so a loaded machine cannot flake them. Speed itself is
 * measured in bench/, never here.
 */
const DEADLINE_MARGIN = 2;

/** How often the stall probe looks at the event loop while an answer is awaited. */
const PROBE_MS = 20;

/** An answer, parsed, and how long it took to arrive. */
export interface TimedAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the shape it expects
  json: any;
  ms: number;
  /**
   * How long this process's event loop stood still while the answer was
   * awaited (each probe tick's lateness, summed). The app under test runs in
   * this process, so its deadline timer was held up by as much: a machine
   * too loaded to run timers on time moves the bound, not the verdict.
   */
  stalledMs: number;
}

/**
 * Await an answer and time it (from the call to the last byte).
 *
 * @example
 * const answer = await timed(() => app.post("/fluz/pat-token", body));
 * expectWithin(answer, 1000);
 */
export async function timed(send: () => Promise<Response>): Promise<TimedAnswer> {
  let stalledMs = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    stalledMs += Math.max(0, now - last - PROBE_MS);
    last = now;
  }, PROBE_MS);
  const started = performance.now();
  let res: Response;
  let text: string;
  try {
    res = await send();
    text = await res.text();
  } finally {
    clearInterval(probe);
  }
  const ms = performance.now() - started;
  stalledMs += Math.max(0, performance.now() - last - PROBE_MS);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, ms, stalledMs };
}

/**
 * The answer arrived within the documented deadline (times the margin), plus
 * however long the event loop stood still meanwhile (`stalledMs`): on a calm
 * machine that is about 0, so an app that ignored its deadline still fails.
 */
export function expectWithin(answer: TimedAnswer, deadlineMs: number): void {
  expect(
    answer.ms,
    `answered ${answer.status} after ${answer.ms.toFixed(0)} ms (the event loop stood still ${answer.stalledMs.toFixed(0)} ms meanwhile); the documented deadline is ${deadlineMs} ms`,
  ).toBeLessThan(deadlineMs * DEADLINE_MARGIN + answer.stalledMs);
}

/** The documented error answer: status and code. */
export function expectError(answer: TimedAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.json?.error?.code }).toEqual({ status, code });
}

interface StoreCall {
  start: number;
  end?: number;
  /** It ended on the store's own deadline (`commandTimeoutMs`: cause code TIMEOUT). */
  deadline: boolean;
}

/**
 * The store's deadline judged by events, not by a stopwatch a loaded machine
 * can break: `store`, recording each call's start and end in one sequence,
 * and whether its own `commandTimeoutMs` timer ended it. An answer "within
 * the deadline" waited for at most one store deadline at a time: a route
 * that waits for a second store call after the first one's deadline (to free
 * a key, once per rate-limit check) counts two, whatever the machine's load.
 *
 * @example
 * const deadlines = storeDeadlines(redisStore({ url }, { commandTimeoutMs: T }));
 * const answer = await deadlines.timed(() => app.post("/fluz/pat-token", body));
 * expect(answer.deadlines).toBe(1);
 */
export function storeDeadlines(store: Store) {
  let tick = 0;
  const calls: StoreCall[] = [];
  const record =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const c: StoreCall = { start: ++tick, deadline: false };
      calls.push(c);
      try {
        return await call(...args);
      } catch (err) {
        c.deadline = (err as { cause?: { code?: unknown } }).cause?.code === "TIMEOUT";
        throw err;
      } finally {
        c.end = ++tick;
      }
    };
  const recorded = { ...store } as Store;
  for (const op of STORE_OPERATIONS) {
    // biome-ignore lint/suspicious/noExplicitAny: one wrapper for every operation's signature
    (recorded as any)[op] = record((store as any)[op].bind(store));
  }
  /** The longest run of store deadlines one after another among calls started after `from` and ended by `to`. */
  const chain = (from: number, to: number): number => {
    const ended = calls
      .filter((c) => c.deadline && c.start > from && c.end !== undefined && c.end < to)
      .sort((a, b) => (a.end as number) - (b.end as number));
    const length = new Map<StoreCall, number>();
    for (const c of ended) {
      const before = ended
        .filter((d) => (d.end as number) < c.start)
        .map((d) => length.get(d) ?? 0);
      length.set(c, 1 + Math.max(0, ...before));
    }
    return Math.max(0, ...length.values());
  };
  return {
    store: recorded,
    /** `timed()`, with how many store deadlines the answer waited for, one after another. */
    async timed(send: () => Promise<Response>): Promise<TimedAnswer & { deadlines: number }> {
      const sent = ++tick;
      const answer = await timed(send);
      return { ...answer, deadlines: chain(sent, ++tick) };
    },
  };
}

/** The answer waited for the store's deadline at most once (never one after another). */
export function expectOneDeadline(answer: TimedAnswer & { deadlines: number }): void {
  expect(
    answer.deadlines,
    `answered ${answer.status} after ${answer.deadlines} store deadlines one after another`,
  ).toBeLessThanOrEqual(1);
}
