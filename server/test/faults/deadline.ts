import { expect } from "vitest";

/**
 * The documented deadlines (the store's `commandTimeoutMs`, an upstream's
 * `timeoutMs`) are correctness properties, so the fault suite asserts them,
 * with this margin, so a loaded machine cannot flake them. Speed itself is
 * measured in bench/, never here.
 */
const DEADLINE_MARGIN = 2;

/** An answer, parsed, and how long it took to arrive. */
export interface TimedAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the shape it expects
  json: any;
  ms: number;
}

/**
 * Await an answer and time it (from the call to the last byte).
 *
 * @example
 * const answer = await timed(() => app.post("/fluz/pat-token", body));
 * expectWithin(answer, 1000);
 */
export async function timed(send: () => Promise<Response>): Promise<TimedAnswer> {
  const started = performance.now();
  const res = await send();
  const text = await res.text();
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, ms };
}

/** The answer arrived within the documented deadline (times the margin). */
export function expectWithin(answer: TimedAnswer, deadlineMs: number): void {
  expect(
    answer.ms,
    `answered ${answer.status} after ${answer.ms.toFixed(0)} ms; the documented deadline is ${deadlineMs} ms`,
  ).toBeLessThan(deadlineMs * DEADLINE_MARGIN);
}

/** The documented error answer: status and code. */
export function expectError(answer: TimedAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.json?.error?.code }).toEqual({ status, code });
}
