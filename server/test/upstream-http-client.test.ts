import { once } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type UpstreamClient,
  UpstreamTransportError,
  createUpstreamClient,
} from "../src/upstream/http-client.js";
import { refusingPort } from "./helpers/refusing-port.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface Local {
  url: URL;
  server: Server;
  /** Sockets the server accepted, in order. */
  sockets: Socket[];
  close(): Promise<void>;
}

/** A real HTTP server on a free loopback port; `handle` runs after the body is read. */
async function localServer(handle: Handler): Promise<Local> {
  const sockets: Socket[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.on("connection", (s) => sockets.push(s));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    server,
    sockets,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function transportError(promise: Promise<unknown>): Promise<UpstreamTransportError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamTransportError);
    return err as UpstreamTransportError;
  }
  throw new Error("expected the request to fail");
}

describe("createUpstreamClient against real local servers", () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  const track = (local: Local, client: UpstreamClient) => {
    cleanup.push(
      () => local.close(),
      () => client.close(),
    );
  };

  it("sends JSON and reads a JSON answer with its status", async () => {
    let seen: {
      method?: string | undefined;
      url?: string | undefined;
      type?: string | undefined;
      body?: string | undefined;
    } = {};
    const local = await localServer((req, res, body) => {
      seen = { method: req.method, url: req.url, type: req.headers["content-type"], body };
      res.writeHead(201, { "content-type": "application/json" }).end('{"ok":true,"n":2}');
    });
    const client = createUpstreamClient({ baseUrl: local.url, timeoutMs: 2000, name: "Local" });
    track(local, client);
    const res = await client.request({
      method: "POST",
      path: "/v2/token",
      json: { a: 1 },
      headers: { "x-key": "k" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ ok: true, n: 2 });
    expect(seen).toEqual({
      method: "POST",
      url: "/v2/token",
      type: "application/json",
      body: '{"a":1}',
    });
  });

  it("gives json undefined for a body that is not JSON", async () => {
    const local = await localServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" }).end("<html>oops</html>");
    });
    const client = createUpstreamClient({ baseUrl: local.url, timeoutMs: 2000, name: "Local" });
    track(local, client);
    const res = await client.request({ method: "GET", path: "/" });
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
  });

  it("times out on a server that never answers: UPSTREAM_TIMEOUT, sent", async () => {
    const local = await localServer(() => {
      /* hang */
    });
    const client = createUpstreamClient({ baseUrl: local.url, timeoutMs: 150, name: "Local" });
    track(local, client);
    const started = Date.now();
    const err = await transportError(client.request({ method: "POST", path: "/", json: {} }));
    expect(err.code).toBe("UPSTREAM_TIMEOUT");
    expect(err.status).toBe(504);
    expect(err.sent).toBe(true);
    // Its own timer ended it (the server never answers): not before the 150 ms;
    // how long after is the machine's load, not the client's.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(err.message).not.toContain("127.0.0.1");
  });

  it("a per-request timeoutMs overrides the client's", async () => {
    const local = await localServer(() => {});
    const client = createUpstreamClient({ baseUrl: local.url, timeoutMs: 10_000, name: "Local" });
    track(local, client);
    const started = Date.now();
    const err = await transportError(client.request({ method: "GET", path: "/", timeoutMs: 100 }));
    expect(err.code).toBe("UPSTREAM_TIMEOUT");
    // The 100 ms timer, not the client's 10 s one (no load stalls a process that long).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a port with nothing listening: UPSTREAM_UNAVAILABLE, not sent", async () => {
    const port = await refusingPort();
    const client = createUpstreamClient({
      baseUrl: new URL(`http://127.0.0.1:${port}`),
      timeoutMs: 2000,
      name: "Local",
    });
    cleanup.push(() => client.close());
    const err = await transportError(client.request({ method: "POST", path: "/", json: { a: 1 } }));
    expect(err.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(err.status).toBe(502);
    expect(err.sent).toBe(false);
  });

  it("a server that drops the connection after reading the request: UPSTREAM_UNAVAILABLE, sent", async () => {
    let received = 0;
    const local = await localServer((req) => {
      received++;
      req.socket.destroy();
    });
    const client = createUpstreamClient({ baseUrl: local.url, timeoutMs: 2000, name: "Local" });
    track(local, client);
    const err = await transportError(client.request({ method: "POST", path: "/", json: { a: 1 } }));
    expect(received).toBe(1);
    expect(err.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(err.sent).toBe(true);
  });

  it("a reply cut off mid-body: UPSTREAM_ERROR, sent", async () => {
    const local = await localServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"access_token":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const client = createUpstreamClient({ baseUrl: local.url, timeoutMs: 2000, name: "Local" });
    track(local, client);
    const err = await transportError(client.request({ method: "GET", path: "/" }));
    expect(err.code).toBe("UPSTREAM_ERROR");
    expect(err.sent).toBe(true);
  });

  it("refuses an oversized answer", async () => {
    const local = await localServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(`"${"x".repeat(5000)}"`);
    });
    const client = createUpstreamClient({
      baseUrl: local.url,
      timeoutMs: 2000,
      name: "Local",
      maxResponseBytes: 1000,
    });
    track(local, client);
    const err = await transportError(client.request({ method: "GET", path: "/" }));
    expect(err.code).toBe("UPSTREAM_ERROR");
  });

  it("reuses one keep-alive socket for sequential requests", async () => {
    const local = await localServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const client = createUpstreamClient({ baseUrl: local.url, timeoutMs: 2000, name: "Local" });
    track(local, client);
    for (let i = 0; i < 3; i++) {
      const res = await client.request({ method: "POST", path: "/", json: { i } });
      expect(res.status).toBe(200);
    }
    expect(local.sockets.length).toBe(1);
  });

  it("keeps the base URL's path prefix", async () => {
    let url: string | undefined;
    const local = await localServer((req, res) => {
      url = req.url;
      res.writeHead(200).end("{}");
    });
    const client = createUpstreamClient({
      baseUrl: new URL("/jackpot/", local.url),
      timeoutMs: 2000,
      name: "Local",
    });
    track(local, client);
    await client.request({ method: "GET", path: "/v2/token" });
    expect(url).toBe("/jackpot/v2/token");
  });
});
