import { randomUUID } from "node:crypto";
import {
  type JackpotInitClaims,
  type JackpotSessionTokenResponse,
  TOKEN_ROUTES,
} from "@widget-tokens/shared";
import { callHook } from "../../http/hook-failure.js";
import { hs256Signer } from "../../jwt/sign-hs256.js";
import type { LedgerService } from "../../ledger/ledger.js";
import { toMinorUnits } from "../../ledger/minor-units.js";
import {
  type UpstreamResponse,
  UpstreamTransportError,
  createUpstreamClient,
} from "../../upstream/http-client.js";
import { type ProviderInstance, defineRoute } from "../provider.js";
import { readJackpotAnswer } from "./answer.js";
import type { JackpotConfig } from "./options.js";
import { resolveProfile } from "./profile.js";

/** The validated body of `POST /jackpot/session-token`, as `authorize` sees it. */
export interface JackpotRequest {
  /** Major units. */
  amount: number;
}

/**
 * `POST /jackpot/session-token`: mint a one-time initialization token (HS256
 * with `apiSignature`; claims `amount, cp, age, gender?, userId, iat,
 * notificationKey`) and exchange it, server to server, for a session token
 * (OAuth 2.0 JWT-bearer grant, RFC 7523). An assertion is never sent twice:
 * the only retry follows a connection that failed before the request was
 * written, and it mints a new token. `close()` frees the keep-alive sockets.
 *
 * @example
 * const { routes, close } = jackpotRoute(readJackpotOptions(config, env), env.ledger);
 */
export function jackpotRoute(
  config: JackpotConfig,
  ledger: LedgerService,
): ProviderInstance<JackpotRequest> {
  const { apiKey, exchange, maxAmount, defaultExpiresIn, onIssued } = config;
  const sign = hs256Signer(config.key, { typ: "JWT" });
  const upstream = createUpstreamClient({
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    name: "Jackpot",
  });

  /** One exchange of one fresh assertion. */
  async function exchangeOnce(claims: JackpotInitClaims): Promise<UpstreamResponse> {
    const assertion = sign(claims);
    return upstream.request({
      method: "POST",
      path: exchange.path,
      headers: exchange.headers,
      json: exchange.body({ assertion, apiKey }),
    });
  }

  const route = defineRoute<JackpotRequest>({
    method: "POST",
    path: TOKEN_ROUTES.jackpot,
    // At most two exchanges (the retry only follows a connection that was refused).
    deadlineMs: 2 * config.timeoutMs,
    body: { fields: { amount: { type: "amount", max: maxAmount } } },
    async handle({ user, request, req, store, logger, now }) {
      const profile = await resolveProfile(user, req, config.profile);
      let response: UpstreamResponse | undefined;
      for (let attempt = 1; response === undefined; attempt++) {
        const claims: JackpotInitClaims = {
          amount: request.amount,
          cp: profile.cp,
          age: profile.age,
          ...(profile.gender === undefined ? {} : { gender: profile.gender }),
          userId: user.id,
          iat: Math.floor(now() / 1000),
          notificationKey: randomUUID(),
        };
        // Recorded before the token leaves: Jackpot's notification names this key.
        await ledger.record(
          {
            key: claims.notificationKey,
            provider: "jackpot",
            userId: user.id,
            amount: toMinorUnits(claims.amount),
            currency: config.currency,
            transactionType: "VOUCHER",
            expiresAt: new Date(now() + defaultExpiresIn * 1000),
          },
          store,
        );
        await callHook("providers.jackpot.onIssued", () =>
          onIssued?.({
            notificationKey: claims.notificationKey,
            userId: user.id,
            amount: claims.amount,
            user,
            attempt,
          }),
        );
        try {
          response = await exchangeOnce(claims);
        } catch (err) {
          // Retry only what never left: a connection that failed before the
          // request was written. The retry carries a new assertion.
          const unsent =
            err instanceof UpstreamTransportError &&
            err.code === "UPSTREAM_UNAVAILABLE" &&
            !err.sent;
          if (!unsent || attempt >= 2) throw err;
          logger.warn(
            "widget-tokens: Jackpot connection failed before the request was sent; retrying once with a new initialization token",
          );
        }
      }
      const { sessionToken, expiresIn } = readJackpotAnswer(response, exchange, defaultExpiresIn);
      const expiresAt = new Date(now() + expiresIn * 1000);
      const body: JackpotSessionTokenResponse = {
        sessionToken,
        expiresAt: expiresAt.toISOString(),
      };
      return { body, expiresAt };
    },
  });
  return {
    routes: [route],
    async close() {
      upstream.close();
    },
    callsUpstream: true,
  };
}
