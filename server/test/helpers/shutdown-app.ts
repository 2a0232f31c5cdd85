/**
 * A shop in its own process, for the shutdown tests (forked with tsx): an
 * Express app with its own routes and widget-tokens, and on SIGTERM exactly
 * the snippet docs/operations.md documents. A token request for a user
 * named `hold-…` waits, after its token was minted, until the parent sends
 * "release" (IPC), so the test knows what is in flight when SIGTERM lands.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { widgetTokens } from "../../src/index.js";

const deadlineMs = Number(process.env.DEADLINE_MS ?? 10_000);
const send = (message: unknown) => process.send?.(message);

let release!: () => void;
const released = new Promise<void>((r) => {
  release = r;
});
process.on("message", (m) => {
  if (m === "release") release();
});

const tokens = widgetTokens({
  identify: (req) => ({ id: String(req.headers["x-test-user"] ?? "shopper") }),
  rateLimit: { perUser: false, perIp: false },
  logger: { info() {}, warn() {}, error() {} },
  providers: {
    fluz: {
      apiKey: "fluz-key-1",
      apiSecret: "test-secret-0123456789abcdef-0123456789abcdef",
      onIssued: async ({ user }) => {
        if (!user.id.startsWith("hold-")) return;
        send("held");
        await released;
      },
    },
  },
});

const app = express();
app.use("/widget-tokens", tokens);
app.get("/livez", tokens.liveness);
app.get("/readyz", tokens.readiness);

const server = app.listen(0, "127.0.0.1");
await once(server, "listening");

// The documented snippet, copied alone:
process.once("SIGTERM", () => tokens.shutdown({ server, deadlineMs }).then(() => process.exit()));

// For the test only: when SIGTERM arrived.
process.on("SIGTERM", () => send("sigterm"));
send({ port: (server.address() as AddressInfo).port });
