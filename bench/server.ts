/**
 * One server under test, in its own process (forked by bench/lib/fork-server.ts
 * with tsx, the built packages unless `BENCH_SOURCE=1`, and `--expose-gc`). It
 * waits for its configuration on IPC, listens on a free loopback port, and
 * answers the bench's questions about itself: event-loop delay, RSS, GC.
 *
 * Kinds: `bare-http` (a node:http JSON handler: the ceiling), `bare-express`
 * (an Express JSON route), `tokens` (Express + widgetTokens, every provider,
 * memory or Redis store), `sandbox` (the provider stand-ins, the upstream).
 */
import { createPrivateKey, createSecretKey, randomUUID } from "node:crypto";
import { once } from "node:events";
import { Agent, type IncomingMessage, type ServerResponse, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startSandbox } from "@widget-tokens/sandbox";
import {
  type Store,
  createMerchantApiClient,
  memoryStore,
  redisStore,
  widgetTokens,
} from "@widget-tokens/server";
import express from "express";
import { keyId } from "../server/src/jwt/key-id.js";
import { es512Signer } from "../server/src/jwt/sign-es512.js";
import { hs256Signer } from "../server/src/jwt/sign-hs256.js";
import type {
  BenchCredentials,
  Es512Strategy,
  ServerConfig,
  ServerReply,
  ServerRequest,
} from "./lib/protocol.js";
import { joseEs512, threadPoolEs512, workerPoolSigner } from "./lib/signing.js";

const silent = { info() {}, warn() {}, error: (m: string) => console.error(m) };
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();

function bareHttp() {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: { amount?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad json"}');
        return;
      }
      const out = JSON.stringify({ ok: true, amount: body.amount });
      res
        .writeHead(201, {
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-store",
          "content-length": Buffer.byteLength(out),
        })
        .end(out);
    });
  });
}

function bareExpress(forwardTo: string | undefined) {
  const app = express();
  app.post("/bare", express.json(), (req, res) => {
    res.status(201).set("Cache-Control", "no-store").json({ ok: true, amount: req.body?.amount });
  });
  if (forwardTo) {
    // The least a proxy can do: the same extra hop, no checks, no signing.
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    app.use("/forward", express.json(), (req, res) => {
      const payload = Buffer.from(JSON.stringify(req.body ?? {}));
      const headers: Record<string, string | number> = {
        "content-type": "application/json",
        "content-length": payload.length,
      };
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      const upstream = request(
        `${forwardTo}${req.url}`,
        { method: "POST", headers, agent },
        (r) => {
          const chunks: Buffer[] = [];
          r.on("data", (c: Buffer) => chunks.push(c));
          r.on("end", () => {
            res
              .status(r.statusCode ?? 502)
              .type("json")
              .send(Buffer.concat(chunks));
          });
        },
      );
      upstream.on("error", () => res.status(502).json({ error: "upstream" }));
      upstream.end(payload);
    });
  }
  return createServer(app);
}

function tokens(c: BenchCredentials, sandboxUrl: string, redisUrl: string | undefined) {
  const store: Store = redisUrl
    ? redisStore({ url: redisUrl }, { prefix: `bench-${process.pid}:`, logger: silent })
    : memoryStore();
  const client = createMerchantApiClient({
    baseUrl: `${sandboxUrl}/merchant-api`,
    merchantId: c.merchantApi.merchantId,
    email: c.merchantApi.email,
    password: c.merchantApi.password,
    store,
  });
  const app = express();
  app.use(
    "/widget-tokens",
    widgetTokens({
      identify: (req) =>
        req.headers["x-anonymous"] ? null : { id: String(req.headers["x-user"] ?? "bench-user") },
      rateLimit: { perUser: false, perIp: false },
      logger: silent,
      store,
      providers: {
        // The token keys only: the sandbox's credentials carry the notification secrets too.
        fluz: { apiKey: c.fluz.apiKey, apiSecret: c.fluz.apiSecret },
        impact: {
          accountSid: c.impact.accountSid,
          authToken: c.impact.authToken,
          tenantAlias: c.impact.tenantAlias,
        },
        gr4vy: {
          gr4vyId: c.gr4vy.gr4vyId,
          privateKey: c.gr4vy.privateKey,
          checkout: () => ({
            amount: 4598,
            currency: "USD",
            buyerExternalIdentifier: "bench-user",
            cartItems: [
              { name: "Trail jacket", quantity: 1, unitAmount: 3999 },
              { name: "Socks", quantity: 1, unitAmount: 599 },
            ],
          }),
        },
        jackpot: {
          apiKey: c.jackpot.apiKey,
          apiSignature: c.jackpot.apiSignature,
          baseUrl: `${sandboxUrl}/jackpot`,
        },
        merchantApi: { client, expose: [{ method: "POST", path: "/v2/customer/create" }] },
      },
    }) as express.RequestHandler,
  );
  return createServer(app);
}

/** The ES512 lab: the same two signatures as the routes, signed by each candidate strategy. */
async function es512Lab(strategy: Es512Strategy, pem: string) {
  const key = createPrivateKey(pem);
  const kid = await keyId(key);
  const signEs512 =
    strategy === "route"
      ? es512Signer(key, kid)
      : strategy === "jose-webcrypto"
        ? joseEs512(key, kid)
        : strategy === "libuv"
          ? threadPoolEs512(key, kid)
          : workerPoolSigner(pem, kid, availableParallelism()).sign;
  const signHs256 = hs256Signer(
    createSecretKey(Buffer.from("bench-secret-0123456789abcdef-0123456789")),
  );
  const app = express();
  app.post("/hs256", express.json(), (req, res) => {
    const iat = Math.floor(Date.now() / 1000);
    const token = signHs256({ amount: req.body?.amount, jti: randomUUID(), iat, exp: iat + 60 });
    res.status(201).set("Cache-Control", "no-store").json({ token });
  });
  app.post("/es512", express.json(), async (_req, res) => {
    const iat = Math.floor(Date.now() / 1000);
    const token = await signEs512({
      scopes: ["embed"],
      embed: { amount: 4598, currency: "USD", buyer_external_identifier: "bench-user" },
      iat,
      nbf: iat,
      exp: iat + 3600,
      jti: randomUUID(),
    });
    res.status(201).set("Cache-Control", "no-store").json({ token });
  });
  return createServer(app);
}

async function start(config: ServerConfig): Promise<number> {
  if (config.kind === "sandbox") {
    const c = config.credentials;
    const sandbox = await startSandbox({
      providers: {
        jackpot: c.jackpot,
        merchantApi: c.merchantApi,
      },
      maxTokens: 100,
    });
    return Number(new URL(sandbox.url).port);
  }
  const server =
    config.kind === "bare-http"
      ? bareHttp()
      : config.kind === "bare-express"
        ? bareExpress(config.forwardTo)
        : config.kind === "es512-lab"
          ? await es512Lab(config.strategy, config.privateKey)
          : tokens(config.credentials, config.sandboxUrl, config.redisUrl);
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

const reply = (m: ServerReply) => process.send?.(m);
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const ms = (ns: number) => ns / 1e6;

process.on("message", (m: ServerRequest) => {
  if (m.type === "config") {
    start(m.config).then(
      (port) => reply({ type: "ready", port }),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  } else if (m.type === "reset-delay") {
    delay.reset();
    reply({ type: "ok" });
  } else if (m.type === "stats") {
    if (m.gc) (globalThis as { gc?: () => void }).gc?.();
    reply({
      type: "stats",
      rssBytes: process.memoryUsage().rss,
      cpuMicros: cpuMicros(),
      loopDelay: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
      },
    });
  }
});

// Exit cleanly when the bench is done (a `--cpu-prof` profile is written on exit).
process.on("SIGTERM", () => process.exit(0));
