// The server half of bench/fluz-route.ts: a bare JSON route and the Fluz route, same app.
import type { AddressInfo } from "node:net";
import { widgetTokens } from "@widget-tokens/server";
import express from "express";

const app = express();
app.post("/bare", express.json(), (req, res) => {
  res.status(201).set("Cache-Control", "no-store").json({ ok: true, amount: req.body?.amount });
});
app.use(
  "/widget-tokens",
  widgetTokens({
    identify: (req) => ({ id: String(req.headers["x-user"] ?? "anon") }),
    providers: {
      fluz: { apiKey: "bench", apiSecret: "bench-secret-0123456789abcdef-0123456789abcdef" },
    },
    rateLimit: { perUser: false, perIp: false },
    loader: false,
    logger: { info() {}, warn() {}, error() {} },
  }) as express.RequestHandler,
);
const server = app.listen(0, "127.0.0.1", () => {
  process.send?.((server.address() as AddressInfo).port);
});
