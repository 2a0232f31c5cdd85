import { randomUUID } from "node:crypto";
import {
  FLUZ_TRANSACTION_TYPES,
  type FluzPatClaims,
  type FluzTokenResponse,
  type FluzTransactionType,
  TOKEN_ROUTES,
} from "@widget-tokens/shared";
import { callHook } from "../../http/hook-failure.js";
import { hs256Signer } from "../../jwt/sign-hs256.js";
import type { LedgerService } from "../../ledger/ledger.js";
import { toMinorUnits } from "../../ledger/minor-units.js";
import { type ProviderRoute, defineRoute } from "../provider.js";
import type { FluzConfig } from "./options.js";

/** Fluz amounts are US dollars and cents (our reading of Fluz's docs; see docs/ledger.md). */
const FLUZ_CURRENCY = "USD";

/** The validated body of `POST /fluz/pat-token`, as `authorize` sees it. */
export interface FluzRequest {
  /** Dollars and cents. */
  amount: number;
  transactionType: FluzTransactionType;
}

/**
 * `POST /fluz/pat-token`: a pre-approved transaction token (`patToken`),
 * HS256 with `apiSecret`, claims `amount, apiKey, transactionType,
 * externalId, jti, iat, exp`.
 *
 * @example
 * const route = fluzRoute(readFluzOptions(config, env), env.ledger);
 */
export function fluzRoute(config: FluzConfig, ledger: LedgerService): ProviderRoute<FluzRequest> {
  const { apiKey, expiresIn, maxAmount, onIssued } = config;
  const sign = hs256Signer(config.key, { typ: "JWT" });

  return defineRoute<FluzRequest>({
    method: "POST",
    path: TOKEN_ROUTES.fluz,
    body: {
      fields: {
        amount: { type: "amount", max: maxAmount },
        transactionType: { type: "enum", values: FLUZ_TRANSACTION_TYPES },
      },
    },
    async handle({ user, request, store, now }) {
      const iat = Math.floor(now() / 1000);
      const claims: FluzPatClaims = {
        amount: request.amount,
        apiKey,
        transactionType: request.transactionType,
        externalId: user.id,
        jti: randomUUID(),
        iat,
        exp: iat + expiresIn,
      };
      const expiresAt = new Date(claims.exp * 1000);
      // The pre-approval, in the ledger: what Fluz's notification is settled against.
      await ledger.record(
        {
          key: claims.jti,
          provider: "fluz",
          userId: user.id,
          amount: toMinorUnits(claims.amount),
          currency: FLUZ_CURRENCY,
          transactionType: claims.transactionType,
          expiresAt,
        },
        store,
      );
      await callHook("providers.fluz.onIssued", () =>
        onIssued?.({
          jti: claims.jti,
          user,
          amount: claims.amount,
          transactionType: claims.transactionType,
          expiresAt,
        }),
      );
      const body: FluzTokenResponse = {
        token: sign(claims),
        jti: claims.jti,
        expiresAt: expiresAt.toISOString(),
      };
      return { body, expiresAt };
    },
  });
}
