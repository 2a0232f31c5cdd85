import { createHmac } from "node:crypto";
import { once } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SandboxError } from "../src/errors.js";
import { type Completion, createSandboxNotifications } from "../src/notification-sender.js";

const SECRET = "a-notification-secret-of-32-bytes-or-more";

/** A merchant endpoint answering each request with the next status of `statuses` (the last repeats). */
async function endpoint(statuses: number[], hang = false) {
  const seen: { url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const server: Server = createServer(async (req, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ url: req.url ?? "", headers: req.headers, body });
    if (hang) return; // never answers: the sender's timeout decides
    const status = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(status < 300 ? { status: "settled" } : { error: { code: "E" } }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mount`;
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { url, seen, close };
}

const completion = (over: Partial<Completion> = {}): Completion => ({
  provider: "jackpot",
  secret: SECRET,
  signatureHeader: "X-Jackpot-Signature",
  timestampHeader: "X-Jackpot-Timestamp",
  key: "nk-1",
  user: "u-1",
  events: [
    {
      event: "RESERVED",
      body: { id: "v-1", state: "RESERVED" },
      query: { notificationKey: "nk-1" },
    },
  ],
  ...over,
});

describe("the sandbox's notification sender", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it("signs hex HMAC-SHA256 over `<timestamp>.<body>`, posts to <url>/<provider>/notifications?query", async () => {
    const site = await endpoint([200]);
    const n = createSandboxNotifications({ url: site.url, now: () => 1_800_000_000_000 });
    cleanups.push(site.close, n.close);
    n.completed(completion());
    const done = await n.waitFor({ key: "nk-1" });
    expect(done.attempts.map((a) => [a.status, a.outcome, a.signature])).toEqual([
      [200, "settled", "valid"],
    ]);
    const [got] = site.seen;
    expect(got!.url).toBe("/mount/jackpot/notifications?notificationKey=nk-1");
    expect(got!.headers["x-jackpot-timestamp"]).toBe("1800000000");
    expect(got!.headers["x-jackpot-signature"]).toBe(
      createHmac("sha256", SECRET).update(`1800000000.${got!.body}`).digest("hex"),
    );
  });

  it("retries a non-2xx until a 2xx, within the attempts; then gives up as failed", async () => {
    const flaky = await endpoint([503, 500, 200]);
    const down = await endpoint([500]);
    const retry = { attempts: 3, firstDelayMs: 0 };
    const a = createSandboxNotifications({ url: flaky.url, retry });
    const b = createSandboxNotifications({ url: down.url, retry });
    cleanups.push(flaky.close, down.close, a.close, b.close);
    a.completed(completion());
    b.completed(completion());
    const recovered = await a.waitFor({ key: "nk-1" });
    const failed = await b.waitFor({ key: "nk-1" });
    expect([recovered.state, recovered.attempts.map((x) => x.status)]).toEqual([
      "delivered",
      [503, 500, 200],
    ]);
    expect([failed.state, failed.attempts.map((x) => x.status)]).toEqual([
      "failed",
      [500, 500, 500],
    ]);
    expect(down.seen).toHaveLength(3);
  });

  it("an endpoint that never answers counts as a failed attempt after timeoutMs", async () => {
    const silent = await endpoint([200], true);
    const n = createSandboxNotifications({
      url: silent.url,
      retry: { attempts: 2, firstDelayMs: 0, timeoutMs: 50 },
    });
    cleanups.push(silent.close, n.close);
    n.completed(completion());
    const done = await n.waitFor({ key: "nk-1" });
    expect(done.state).toBe("failed");
    expect(done.attempts.map((a) => [a.status, a.outcome])).toEqual([
      [0, "timeout"],
      [0, "timeout"],
    ]);
  });

  it("without a URL nothing is sent; options and switches are checked", () => {
    const n = createSandboxNotifications();
    cleanups.push(n.close);
    n.completed(completion());
    expect(n.list().map((d) => [d.state, d.url])).toEqual([["no-url", null]]);
    expect(() => createSandboxNotifications({ url: "ftp://x" })).toThrow(SandboxError);
    expect(() => createSandboxNotifications({ retry: { attempts: 0 } })).toThrow(/retry\.attempts/);
    expect(() => n.faults.set({ kind: "early" as "late" })).toThrow(/kind must be one of/);
    expect(() => n.faults.set({ kind: "late", provider: "gr4vy" as "fluz" })).toThrow(
      /provider must be one of fluz, jackpot, impact/,
    );
  });
});
