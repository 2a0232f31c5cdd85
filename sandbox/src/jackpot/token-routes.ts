import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { exchangeRoute } from "./exchange-route.js";
import type { JackpotState } from "./state.js";

/**
 * `POST /jackpot/v2/token` (the JWT-bearer grant, RFC 7523) and
 * `POST /jackpot/v1/token` (the older shape: `X-Api-Key`, `{token}`).
 *
 * @example
 * mountTokenRoutes(router, state);
 */
export function mountTokenRoutes(router: Router, state: JackpotState): void {
  const json = express.json({ limit: "8kb", type: () => true });
  router.post(
    "/jackpot/v2/token",
    json,
    exchangeRoute(state, {
      read: (req) => ({
        clientId: req.body?.client_id,
        grantType: req.body?.grant_type ?? null,
        assertion: req.body?.assertion,
      }),
      answer: (res, token) => {
        res.json({ access_token: token, token_type: "Bearer", expires_in: state.ttl });
      },
      tokenField: "access_token",
    }),
  );
  router.post(
    "/jackpot/v1/token",
    json,
    exchangeRoute(state, {
      read: (req) => ({ clientId: req.get("x-api-key"), assertion: req.body?.token }),
      answer: (res, token) => {
        res.json({ sessionToken: token, expiresIn: state.ttl });
      },
      tokenField: "sessionToken",
    }),
  );
  // A body that is not JSON: an OAuth error, never an HTML page.
  router.use(
    ["/jackpot/v1/token", "/jackpot/v2/token"],
    (err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      res.status(400).json({ error: "invalid_request", error_description: "body must be JSON" });
    },
  );
}
