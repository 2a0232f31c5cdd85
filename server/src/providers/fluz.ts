import { randomUUID } from "node:crypto";
import {
  FLUZ_TRANSACTION_TYPES,
  type FluzPatClaims,
  type FluzTokenResponse,
  type FluzTransactionType,
  TOKEN_ROUTES,
  parseAmount,
} from "@widget-tokens/shared";
import { invalidRequest } from "../errors.js";
import { hmacKey } from "../jwt/hmac-key.js";
import { hs256Signer } from "../jwt/hs256.js";
import {
  optionalFunction,
  optionalNumber,
  requireRecord,
  requireString,
} from "../options/check.js";
import { parseDuration } from "../options/duration.js";
import type { WidgetUser } from "../user.js";
import { type ProviderDefinition, defineRoute } from "./provider.js";

/** What `onIssued` receives for each minted patToken. */
export interface FluzIssued {
  jti: string;
  user: WidgetUser;
  amount: number;
  transactionType: FluzTransactionType;
  expiresAt: Date;
}

export interface FluzOptions {
  /** Your Fluz API key (a claim of every token). */
  apiKey: string;
  /** Your Fluz API secret: the HS256 key. At least 32 bytes. */
  apiSecret: string;
  /** Token lifetime: seconds or "15m", "1h", "1d". Default "1d". */
  expiresIn?: number | string;
  /** Largest amount, in dollars. Default 10000. */
  maxAmount?: number;
  /** Record or reserve the pre-authorization before the token leaves. */
  onIssued?: (issued: FluzIssued) => void | Promise<void>;
}

interface FluzRequest {
  amount: number;
  transactionType: FluzTransactionType;
}

/**
 * Fluz pre-approved transaction tokens (`patToken`): HS256 with `apiSecret`,
 * claims `amount, apiKey, transactionType, externalId, jti, iat, exp`.
 */
export const fluz: ProviderDefinition = {
  id: "fluz",
  create(config, env) {
    const o = requireRecord(config, env.option);
    const apiKey = requireString(o.apiKey, `${env.option}.apiKey`);
    const key = hmacKey(o.apiSecret, `${env.option}.apiSecret`, env.logger);
    env.registerSecret(o.apiSecret as string);
    const expiresIn = parseDuration(o.expiresIn, `${env.option}.expiresIn`, 86_400);
    const maxAmount = optionalNumber(o.maxAmount, `${env.option}.maxAmount`, 10_000, { min: 0.01 });
    const onIssued = optionalFunction<NonNullable<FluzOptions["onIssued"]>>(
      o.onIssued,
      `${env.option}.onIssued`,
    );
    const sign = hs256Signer(key, { typ: "JWT" });

    const route = defineRoute<FluzRequest>({
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
          token: sign(claims as unknown as Record<string, unknown>),
          jti: claims.jti,
          expiresAt: expiresAt.toISOString(),
        };
        return { body, expiresAt };
      },
    });
    return { routes: [route] };
  },
};
