import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import express4 from "express4";
import {
  type WidgetTokensMiddleware,
  type WidgetTokensOptions,
  widgetTokens,
} from "../../src/index.js";
import type { Logger } from "../../src/logger.js";

export interface TestApp {
  url: string;
  /** Base of the mounted middleware, e.g. http://127.0.0.1:1234/widget-tokens */
  base: string;
  tokens: WidgetTokensMiddleware;
  log: string[];
  /** POST JSON with the test user header set (see `identifyByHeader`). */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<globalThis.Response>;
  close(): Promise<void>;
}

/** Identify the user from an `x-test-user` header: stands in for a merchant session. */
export const identifyByHeader: WidgetTokensOptions["identify"] = (req) => {
  const id = req.headers["x-test-user"];
  return typeof id === "string" && id.length > 0
    ? { id, email: `${id}@example.com`, firstName: "Test", lastName: "User", locale: "en_US" }
    : null;
};

export function captureLogger(lines: string[]): Logger {
  return {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
  };
}

/**
 * Mount widgetTokens in a real Express app (5 by default, or 4) on a free
 * loopback port, after the app-level middleware in `before` (body parsers,
 * say). Rate limits are off unless the test sets them.
 */
export async function startTestApp(
  options: Partial<WidgetTokensOptions> & Pick<WidgetTokensOptions, "providers">,
  { expressVersion = 5, before = [] }: { expressVersion?: 4 | 5; before?: unknown[] } = {},
): Promise<TestApp> {
  const log: string[] = [];
  const tokens = widgetTokens({
    identify: identifyByHeader,
    rateLimit: { perUser: false, perIp: false },
    logger: captureLogger(log),
    ...options,
  });
  let server: Server;
  if (expressVersion === 4) {
    const app = express4();
    for (const m of before) app.use(m as express4.RequestHandler);
    app.use("/widget-tokens", tokens as unknown as express4.RequestHandler);
    server = app.listen(0, "127.0.0.1");
  } else {
    const app = express();
    for (const m of before) app.use(m as express.RequestHandler);
    app.use("/widget-tokens", tokens as express.RequestHandler);
    server = app.listen(0, "127.0.0.1");
  }
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `${url}/widget-tokens`;
  return {
    url,
    base,
    tokens,
    log,
    post: (path, body, headers = {}) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-test-user": "user-1", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await tokens.close();
    },
  };
}

/** A 32-byte-plus secret for tests. */
export const TEST_SECRET = "test-secret-0123456789abcdef-0123456789abcdef";
