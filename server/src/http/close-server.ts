import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** What `closeServer` needs of a `node:http` (or `node:https`) server: Node's own public API. */
export type ClosableServer = Pick<
  Server,
  | "close"
  | "closeIdleConnections"
  | "closeAllConnections"
  | "prependListener"
  | "removeListener"
  | "once"
  | "getConnections"
  | "listening"
>;

/** How often connections that became idle during the drain are closed (ms). */
const IDLE_SWEEP_MS = 25;

/**
 * Stop an HTTP server within a deadline, without a reset for any request it
 * already took:
 *
 * - it stops accepting connections, and closes the idle keep-alive ones
 *   (Node's `server.close()`), one event-loop turn after the call, so a
 *   request already received is answered rather than reset;
 * - every answer sent from now on carries `Connection: close`, so a
 *   keep-alive client (a load balancer, a probe polling every 20 ms) goes
 *   elsewhere after it instead of holding the instance open;
 * - a connection whose answer was already on its way is closed as soon as
 *   that answer is sent (it is idle then);
 * - at `deadlineMs`, whatever is still open is destroyed.
 *
 * Resolves when the server has closed (every connection gone).
 * It works on a server that was never prepared for it: nothing needs to be
 * installed at start-up.
 *
 * @example
 * process.once("SIGTERM", () => closeServer(server, 10_000).then(() => process.exit()));
 */
export function closeServer(server: ClosableServer, deadlineMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    // First in line, so even an app route that answers synchronously sends it.
    const closeAfter = (_req: IncomingMessage, res: ServerResponse) => {
      if (!res.headersSent) res.setHeader("Connection", "close");
    };
    server.prependListener("request", closeAfter);
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    sweep.unref();
    deadline.unref();
    const done = () => {
      clearInterval(sweep);
      clearTimeout(deadline);
      server.removeListener("request", closeAfter);
      resolve();
    };
    // One turn later: a request already in the socket's buffer is read first, so it
    // counts as in flight (answered, then closed) rather than as an idle connection (reset).
    setImmediate(() => {
      if (server.listening) {
        server.close(() => done());
        return;
      }
      // The app closed it already: its connections may still be open.
      server.closeIdleConnections();
      server.getConnections((_err, count) => {
        if (count > 0) server.once("close", done);
        else done();
      });
    });
  });
}
