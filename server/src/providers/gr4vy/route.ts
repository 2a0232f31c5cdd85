import { randomUUID } from "node:crypto";
import {
  GR4VY_UUID,
  Gr4vyCheckoutError,
  type Gr4vyEmbedClaims,
  type Gr4vyTokenResponse,
  TOKEN_ROUTES,
  checkCheckout,
} from "@widget-tokens/shared";
import { ServiceError } from "../../errors.js";
import { callHook } from "../../http/hook-failure.js";
import { keyId } from "../../jwt/key-id.js";
import { es512Signer } from "../../jwt/sign-es512.js";
import type { LedgerService } from "../../ledger/ledger.js";
import { type ProviderInstance, defineRoute } from "../provider.js";
import { gr4vyApi } from "./api.js";
import { checkoutSessions } from "./checkout-session.js";
import { type Gr4vyConfirmOptions, type Gr4vyConfirmation, gr4vyConfirmer } from "./confirm.js";
import type { Gr4vyConfig } from "./options.js";

/** The validated body of `POST /gr4vy/embed-token`, as `authorize` sees it. */
export interface Gr4vyRequest {
  checkoutSessionId?: string;
}

/**
 * `POST /gr4vy/embed-token`: a Gr4vy Embed token, ES512 with the merchant's
 * P-521 key, header `kid` = the key's RFC 7638 thumbprint, claims `scopes:
 * ["embed"]`, `embed: {…}`, `checkout_session_id?`, `iss, iat, nbf, exp,
 * jti`: what `getEmbedToken` of `@gr4vy/sdk` makes. Amount, currency, buyer
 * and cart come from the merchant's `checkout` hook, never from the browser.
 * Signed off the event loop, by a pool of lower-priority threads
 * (`es512Signer`); `close()` stops them.
 *
 * @example
 * const { routes, close } = gr4vyRoute(readGr4vyOptions(config, env), env.ledger, env.now);
 */
export function gr4vyRoute(
  config: Gr4vyConfig,
  ledger: LedgerService,
  now: () => number,
): Gr4vyInstance {
  const { gr4vyId, environment, checkout, expiresIn, limits, issuer, onIssued } = config;
  // The key id (RFC 7638, by jose) is computed once, from start-up; each request only signs.
  const sign = es512Signer(config.key, keyId(config.key));
  // Gr4vy's API, with API tokens of the same key: checkout sessions and confirmations.
  const api = gr4vyApi(sign, { baseUrl: config.apiUrl, timeoutMs: config.timeoutMs, issuer, now });
  const sessions = config.checkoutSessions ? checkoutSessions(api, ledger, now) : undefined;

  const route = defineRoute<Gr4vyRequest>({
    method: "POST",
    path: TOKEN_ROUTES.gr4vy,
    // A checkout session: at most a read-back update and a creation.
    deadlineMs: sessions ? 2 * config.timeoutMs : 0,
    body: {
      fields: {
        checkoutSessionId: sessions
          ? { type: "refused", optional: true, reason: "the server creates the checkout session" }
          : {
              type: "string",
              optional: true,
              pattern: GR4VY_UUID,
              format: "be a UUID",
              nullIsAbsent: true,
            },
      },
      otherKeys: { refuse: "amount, currency, buyer and cart come from the server" },
    },
    async handle({ user, request, req, store, logger, now }) {
      const output: unknown = await callHook("providers.gr4vy.checkout", () =>
        checkout(req, user, { ...request }),
      );
      let checked: ReturnType<typeof checkCheckout>;
      try {
        checked = checkCheckout(output, limits);
      } catch (err) {
        if (!(err instanceof Gr4vyCheckoutError)) throw err;
        logger.error(`widget-tokens: gr4vy checkout() returned an invalid value: ${err.message}`);
        throw new ServiceError("INTERNAL_ERROR", "Internal error");
      }
      // With checkout sessions: the user's current one (reused within its hour) or a new one.
      const session = sessions ? await sessions.sessionFor(user, checked.embed, store) : undefined;
      const checkoutSessionId = session?.id ?? request.checkoutSessionId;
      const iat = Math.floor(now() / 1000);
      const claims: Gr4vyEmbedClaims = {
        scopes: ["embed"],
        ...(checkoutSessionId ? { checkout_session_id: checkoutSessionId } : {}),
        embed: checked.embed,
        iat,
        nbf: iat,
        // Never past the session's end: a token for a session Gr4vy has ended is useless.
        exp: session
          ? Math.min(iat + expiresIn, Math.floor(session.expiresAt.getTime() / 1000))
          : iat + expiresIn,
        iss: issuer,
        jti: randomUUID(),
      } as Gr4vyEmbedClaims;
      const expiresAt = new Date(claims.exp * 1000);
      // The pre-approval, in the ledger: what a transaction read back is confirmed against.
      await ledger.record(
        {
          key: claims.jti,
          provider: "gr4vy",
          userId: user.id,
          amount: checked.embed.amount,
          currency: checked.embed.currency,
          transactionType: "PAYMENT",
          expiresAt,
          ...(checkoutSessionId ? { checkoutSessionId } : {}),
          ...(checked.embed.buyer_external_identifier
            ? { buyerExternalIdentifier: checked.embed.buyer_external_identifier }
            : {}),
        },
        store,
      );
      await callHook("providers.gr4vy.onIssued", () =>
        onIssued?.({
          jti: claims.jti,
          user,
          checkout: checked.checkout,
          checkoutSessionId,
          expiresAt,
        }),
      );
      const token = await sign(claims as unknown as Record<string, unknown>);
      const body: Gr4vyTokenResponse = {
        token,
        jti: claims.jti,
        expiresAt: expiresAt.toISOString(),
        ...checked.checkout,
        ...(checkoutSessionId ? { checkoutSessionId } : {}),
        gr4vyId,
        environment,
      };
      return { body, expiresAt };
    },
  });
  return {
    routes: [route],
    ...(sessions ? { callsUpstream: true } : {}),
    async close() {
      api.close();
      await sign.close();
    },
    confirmTransaction: gr4vyConfirmer(api, ledger),
  };
}

/** The Gr4vy provider as built: its route, and the server-side confirmation. */
export interface Gr4vyInstance extends ProviderInstance<Gr4vyRequest> {
  confirmTransaction(id: string, options: Gr4vyConfirmOptions): Promise<Gr4vyConfirmation>;
}
