import { EventEmitter, once } from "node:events";
import { type Server, request as httpRequest } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  type MerchantApiSandbox,
  type SandboxMerchantApiOptions,
  createMerchantApiSandbox,
} from "@widget-tokens/sandbox";
import express from "express";

export const MERCHANT = {
  merchantId: "merchant-42",
  email: "ops@shop.example",
  password: "s3cret-Pa55word-for-tests",
  apiKey: "mk_test_0123456789abcdef0123456789",
};

/**
 * The middleware's merchant API client options: MERCHANT's email and
 * password login against the API at `baseUrl`.
 *
 * @example
 * providers: { merchantApi: { client: merchantLogin(upstream.baseUrl), expose } }
 */
export function merchantLogin(baseUrl: string) {
  return {
    baseUrl,
    merchantId: MERCHANT.merchantId,
    email: MERCHANT.email,
    password: MERCHANT.password,
  };
}

/**
 * A JWT in a text that may also hold sealed (encrypted, base64url) values: a
 * header and a payload, each starting "eyJ" ('{"'), at a word boundary.
 * Random ciphertext holds "eyJ" followed by a "." somewhere in about 1 value
 * in 200 (what the looser /eyJ[\w-]{5,}\./ failed on); two such segments in a
 * row, never in practice.
 */
export const JWT_IN_TEXT = /(?:^|[^\w-])eyJ[\w-]{5,}\.eyJ[\w-]{5,}\./;

/** A customer the tests create through the sandbox. */
export const CUSTOMER = { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" };

export interface Seen {
  method: string;
  /** The request target exactly as received (path and query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface MerchantSandboxServer {
  /** The client's baseUrl: `<origin>/merchant-api`. */
  baseUrl: string;
  sandbox: MerchantApiSandbox;
  seen: Seen[];
  /** Test faults, applied before the sandbox answers. */
  faults: {
    /** Answer every customer/create with 401 TokenExpiredError. */
    alwaysExpired?: boolean | undefined;
    /** Answer every customer/create with this status and a provider error body. */
    status?: number | undefined;
    /** Never answer the login. */
    hangLogin?: boolean | undefined;
  };
  /** Resolves once no client connection is open (every keep-alive socket closed). */
  connectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

/** The merchant API sandbox alone, on a free loopback port, with a tap on what it receives. */
export async function startMerchantSandbox(
  overrides: Partial<SandboxMerchantApiOptions> = {},
): Promise<MerchantSandboxServer> {
  const sandbox = createMerchantApiSandbox({ ...MERCHANT, ...overrides });
  const seen: Seen[] = [];
  const faults: MerchantSandboxServer["faults"] = {};
  const app = express();
  app.use((req, res, next) => {
    seen.push({ method: req.method, url: req.url, headers: { ...req.headers } });
    if (req.url.startsWith("/merchant-api/v2/customer/create")) {
      if (faults.alwaysExpired) {
        res.status(401).json({ name: "TokenExpiredError", message: "jwt expired" });
        return;
      }
      if (faults.status !== undefined) {
        res
          .status(faults.status)
          .json({ code: "SANDBOX_FAULT", message: "internal failure at /srv/app.js:12" });
        return;
      }
    }
    if (faults.hangLogin && req.url === "/merchant-api/v2/auth/login") return;
    next();
  });
  app.use(sandbox.router);
  const server: Server = app.listen(0, "127.0.0.1");
  // As the sandbox's own server (start-sandbox.ts): an idle keep-alive socket
  // outlives any pause of a loaded machine, so the client never reuses one the
  // server is closing (a "socket hang up", a create sent twice).
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  const emptied = new EventEmitter();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0) emptied.emit("empty");
    });
  });
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/merchant-api`,
    sandbox,
    seen,
    faults,
    connectionsClosed: async () => {
      if (sockets.size > 0) await once(emptied, "empty");
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * Send a request with the request target exactly as given (fetch and the
 * URL class would normalize `..` and `%2e%2e` away before sending).
 */
export function rawRequest(
  origin: string,
  target: string,
  {
    method = "POST",
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; json: unknown }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path: target, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The `exp` of a JWT, in ms (decoded, not verified). */
export function expOf(token: string): number {
  return (
    (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number }).exp *
    1000
  );
}

/** The Bearer token of the last customer/create the sandbox saw. */
export function lastBearer(seen: Seen[]): string {
  for (let i = seen.length - 1; i >= 0; i--) {
    const auth = seen[i]!.headers.authorization;
    if (typeof auth === "string" && auth.startsWith("Bearer ")) return auth.slice(7);
  }
  throw new Error("no Bearer request seen");
}
