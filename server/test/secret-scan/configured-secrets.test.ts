/**
 * Secrets never leave (issue 22, item 4), with the secret scan watching:
 * every value configured here is also given to `recordSecret`, so the run's
 * own scan (setup.ts, global-setup.ts) fails the run if any of them reaches a
 * response or a log line, whatever the assertions below check.
 *
 * - every configured secret of every provider and client (the merchant-API
 *   password and API key included, for a client the merchant made too) is
 *   masked in a hook's error line, stack included;
 * - an upstream that echoes the request's credentials (`Api-key`, or the
 *   session's `Authorization: Bearer`) gets its answer withheld: 502
 *   `UPSTREAM_ERROR`, one redacted log line;
 * - an allow-listed call forwards only the query parameters it lists.
 */
import { once } from "node:events";
import {
  type AddressInfo,
  type Server as NetServer,
  createServer as createNetServer,
} from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MerchantApiClient,
  type MerchantApiExposedRoute,
  createMerchantApiClient,
  widgetTokens,
} from "../../src/index.js";
import { p521KeyPair } from "../helpers/gr4vy-keys.js";
import { type TestApp, startTestApp } from "../helpers/http.js";
import { recordSecret } from "./setup.js";

const SECRETS = {
  fluzApiSecret: "fluz-secret-0123456789abcdef0123456789abcdef",
  fluzNotify: "fluz-notify-secret-0123456789abcdef0123456789",
  impactAuthToken: "impact-auth-token-0123456789abcdef0123456789",
  jackpotApiKey: "jackpot-api-key-0123456789abcdef",
  jackpotSignature: "jackpot-signature-0123456789abcdef0123456789",
  merchantPassword: "merchant-Pa55word-0123456789",
  merchantApiKey: "mk_live_0123456789abcdef0123456789",
  sealing: "sealing-secret-0123456789abcdef0123456789abcdef",
  accessToken: "opaque-access-token-0123456789abcdef",
  refreshToken: "opaque-refresh-token-0123456789abcdef",
};
const gr4vyPem = p521KeyPair().privatePem;
/** One base64 line of the PEM: a log line may quote a line, not the whole key. */
const pemLine = gr4vyPem.split("\n")[2]!;
for (const [kind, value] of Object.entries(SECRETS)) recordSecret(kind, value);

/** What each mode configures (the session's tokens are the client's once it has logged in). */
function configured(mode: "session" | "apiKey"): string[] {
  const common = [
    SECRETS.fluzApiSecret,
    SECRETS.fluzNotify,
    SECRETS.impactAuthToken,
    SECRETS.jackpotApiKey,
    SECRETS.jackpotSignature,
    SECRETS.sealing,
    pemLine,
  ];
  return mode === "session"
    ? [...common, SECRETS.merchantPassword, SECRETS.accessToken, SECRETS.refreshToken]
    : [...common, SECRETS.merchantApiKey];
}

/**
 * A provider stand-in that logs in (opaque tokens) and answers each call with
 * what it received: its headers, or its path and query. A real provider
 * should not echo credentials, but one that does must not hand them to the
 * shopper. Served over raw TCP, like a provider outside this process: the
 * recorder taps this process's `http` responses, and this one's answers
 * carry the credentials on purpose.
 */
async function startEchoUpstream(): Promise<{ url: string; server: NetServer }> {
  const server = createNetServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const headEnd = buffered.indexOf("\r\n\r\n");
      if (headEnd === -1) return;
      const [requestLine = "", ...lines] = buffered
        .subarray(0, headEnd)
        .toString("latin1")
        .split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers["content-length"] ?? 0);
      if (buffered.length < headEnd + 4 + length) return;
      const target = requestLine.split(" ")[1] ?? "";
      const body =
        target === "/v2/auth/login"
          ? {
              accessToken: SECRETS.accessToken,
              refreshToken: SECRETS.refreshToken,
              expiresIn: 1800,
            }
          : target.startsWith("/v2/echo")
            ? { received: headers }
            : { url: target };
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    });
    socket.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const expose: MerchantApiExposedRoute[] = [
  { method: "POST", path: "/v2/echo" },
  { method: "GET", path: "/v2/customer/list", query: ["page", "limit"] },
  { method: "GET", path: "/v2/customer/count" },
];

describe.each(["session", "apiKey"] as const)(
  "a merchant-API client of the merchant's own making (%s mode)",
  (mode) => {
    let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
    let client: MerchantApiClient;
    let app: TestApp;
    let failHooks = false;

    beforeAll(async () => {
      upstream = await startEchoUpstream();
      client = createMerchantApiClient(
        mode === "session"
          ? {
              baseUrl: upstream.url,
              merchantId: "m-1",
              email: "ops@shop.example",
              password: SECRETS.merchantPassword,
            }
          : { baseUrl: upstream.url, apiKey: SECRETS.merchantApiKey },
      );
      app = await startTestApp({
        sealingSecrets: [SECRETS.sealing],
        identify: (req) => {
          if (failHooks) {
            // What a careless data layer puts in an error: every credential it holds.
            throw new Error(`lookup failed with ${configured(mode).join(" and ")}`);
          }
          const id = req.headers["x-test-user"];
          return typeof id === "string" ? { id } : null;
        },
        providers: {
          fluz: {
            apiKey: "fluz-key",
            apiSecret: SECRETS.fluzApiSecret,
            notifications: { secret: SECRETS.fluzNotify },
          },
          impact: { accountSid: "AC-1", authToken: SECRETS.impactAuthToken, tenantAlias: "t" },
          gr4vy: {
            gr4vyId: "acme",
            privateKey: gr4vyPem,
            checkout: () => ({ amount: 100, currency: "USD" }),
          },
          jackpot: {
            apiKey: SECRETS.jackpotApiKey,
            apiSignature: SECRETS.jackpotSignature,
            baseUrl: "http://127.0.0.1:9/jackpot",
          },
          merchantApi: { client, expose },
        },
      });
    });
    afterAll(async () => {
      await app?.close();
      await client?.close();
      upstream?.server.close();
    });

    it("withholds an answer that echoes the credentials: 502 UPSTREAM_ERROR, one redacted line", async () => {
      const res = await app.post("/merchant-api/v2/echo", { hello: "world" });
      const text = await res.text();
      expect(res.status).toBe(502);
      expect(JSON.parse(text)).toEqual({
        error: {
          code: "UPSTREAM_ERROR",
          message: "Merchant API answer withheld: it contained a server credential",
        },
      });
      const lines = app.log.filter((l) => l.includes("withheld the merchant API's answer"));
      expect(lines).toEqual([
        "widget-tokens: withheld the merchant API's answer to POST /v2/echo (status 200): it contains a configured secret or the session's token; check what that endpoint echoes",
      ]);
      for (const value of configured(mode)) {
        expect(text).not.toContain(value);
        expect(app.log.join("\n")).not.toContain(value);
      }
    });

    it("forwards only the listed query parameters of a GET, every value of each; none when none are listed", async () => {
      const get = (path: string) =>
        fetch(`${app.base}${path}`, { headers: { "x-test-user": "user-1" } });
      const listed = await get(
        "/merchant-api/v2/customer/list?page=2&admin=1&limit=10&page=3&q=a%20b",
      );
      expect(listed.status).toBe(200);
      expect(await listed.json()).toEqual({ url: "/v2/customer/list?page=2&limit=10&page=3" });
      const none = await get("/merchant-api/v2/customer/count?page=2");
      expect(await none.json()).toEqual({ url: "/v2/customer/count" });
      const noQuery = await get("/merchant-api/v2/customer/list");
      expect(await noQuery.json()).toEqual({ url: "/v2/customer/list" });
    });

    it("masks every configured secret in a hook's error line, its stack included", async () => {
      // The session exists (its tokens are secrets from then on).
      const get = await fetch(`${app.base}/merchant-api/v2/customer/count`, {
        headers: { "x-test-user": "user-1" },
      });
      expect(get.status).toBe(200);
      failHooks = true;
      try {
        const res = await app.post("/fluz/pat-token", {
          amount: "5.00",
          transactionType: "DEPOSIT",
        });
        expect(res.status).toBe(500);
      } finally {
        failHooks = false;
      }
      const line = app.log.find((l) => l.includes("identify hook threw"));
      expect(line).toBeDefined();
      expect(line).toContain(
        `lookup failed with ${configured(mode)
          .map(() => "[secret]")
          .join(" and ")}`,
      );
      for (const value of configured(mode)) expect(line).not.toContain(value);
    });
  },
);

describe("options", () => {
  it("a query list that is not parameter names names the option", () => {
    const client = createMerchantApiClient({
      baseUrl: "http://127.0.0.1:9",
      apiKey: SECRETS.merchantApiKey,
    });
    for (const query of [["page", "page"], ["a b"], "page", [""]]) {
      expect(() =>
        widgetTokens({
          identify: () => null,
          providers: {
            merchantApi: {
              client,
              expose: [{ method: "GET", path: "/v2/x", query: query as string[] }],
            },
          },
        }),
      ).toThrow(/providers\.merchantApi\.expose\[0\]\.query/);
    }
  });
});
