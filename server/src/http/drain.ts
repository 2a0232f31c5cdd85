import type { Response } from "./types.js";

/**
 * The middleware's shutdown state: how many token requests are in flight,
 * and whether new ones are still taken. The dispatcher counts a request from
 * the moment it enters the pipeline until its answer has been sent (or its
 * connection has gone) and the pipeline has settled.
 */
export interface Drain {
  /** True once `drain()` was called: new token requests get 503 `SHUTTING_DOWN`. */
  readonly draining: boolean;
  /** Token requests entered and not yet finished. */
  readonly inFlight: number;
  /**
   * Count one request from now until both `settled` resolves and `res` has
   * closed (answered, or the client went away).
   */
  track(res: Response, settled: Promise<unknown>): void;
  /**
   * Stop taking new requests and wait for the in-flight ones, at most
   * `timeoutMs`. Resolves with how many were still in flight (0: all done).
   */
  drain(timeoutMs: number): Promise<number>;
  /**
   * Ask every in-flight answer whose headers are not yet sent to close its
   * connection after it (`Connection: close`), so a keep-alive client's next
   * request goes to another instance instead of this one.
   */
  closeConnectionsAfterAnswers(): void;
}

/**
 * @example
 * const drain = createDrain();
 * if (drain.draining) refuse(); else drain.track(res, run(req, res));
 * const left = await drain.drain(10_000);
 */
export function createDrain(gauges?: {
  inFlight(delta: 1 | -1): void;
  draining(): void;
}): Drain {
  let draining = false;
  let inFlight = 0;
  const answers = new Set<Response>();
  const idle = new Set<() => void>();

  const leave = () => {
    inFlight--;
    gauges?.inFlight(-1);
    if (inFlight === 0) for (const wake of idle) wake();
  };

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    track(res, settled) {
      inFlight++;
      gauges?.inFlight(1);
      let pending = 2;
      const done = () => {
        if (--pending === 0) leave();
      };
      if (res.writableFinished || res.destroyed) done();
      else {
        answers.add(res);
        res.once("close", () => {
          answers.delete(res);
          done();
        });
      }
      settled.then(done, done);
    },
    closeConnectionsAfterAnswers() {
      for (const res of answers) if (!res.headersSent) res.setHeader("Connection", "close");
    },
    drain(timeoutMs) {
      if (!draining) gauges?.draining();
      draining = true;
      if (inFlight === 0) return Promise.resolve(0);
      return new Promise<number>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          idle.delete(finish);
          resolve(inFlight);
        };
        const timer = setTimeout(finish, timeoutMs);
        idle.add(finish);
      });
    },
  };
}
