import { randomUUID } from "node:crypto";
import {
  FLUZ_TRANSACTION_TYPES,
  type FluzPatClaims,
  type FluzTokenResponse,
  type FluzTransactionType,
  TOKEN_ROUTES,
  parseAmount,
} from "@widget-tokens/shared";
import { invalidRequest } from "../../errors.js";
import { hs256Signer } from "../../jwt/sign-hs256.js";
import { type ProviderRoute, defineRoute } from "../provider.js";
import type { FluzConfig } from "./options.js";

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
 * const route = fluzRoute(readFluzOptions(config, env));
 */
export function fluzRoute(config: FluzConfig): ProviderRoute<FluzRequest> {
  const { apiKey, expiresIn, maxAmount, onIssued } = config;
  const sign = hs256Signer(config.key, { typ: "JWT" });

  return defineRoute<FluzRequest>({
    method: "POST",
    path: TOKEN_ROUTES.fluz,
    parse(body) {
      const amount = parseAmount(body.amount, { max: maxAmount });
      if (!amount.ok) throw invalidRequest("amount", `amount ${amount.reason}`);
      const transactionType = body.transactionType;
      if (!FLUZ_TRANSACTION_TYPES.includes(transactionType as FluzTransactionType)) {
        throw invalidRequest("transactionType", "transactionType must be DEPOSIT or WITHDRAW");
      }
      return { amount: amount.value, transactionType: transactionType as FluzTransactionType };
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
      await store.set(`jti:fluz:${claims.jti}`, user.id, expiresIn * 1000);
      await onIssued?.({
        jti: claims.jti,
        user,
        amount: claims.amount,
        transactionType: claims.transactionType,
        expiresAt,
      });
      const body: FluzTokenResponse = {
        token: sign(claims),
        jti: claims.jti,
        expiresAt: expiresAt.toISOString(),
      };
      return { body, expiresAt };
    },
  });
}
