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

/** A UUID's 16 bytes as 22 base64url characters (a replay record's reference), and back. */
const compactUuid = (uuid: string): string =>
  Buffer.from(uuid.replaceAll("-", ""), "hex").toString("base64url");
function expandUuid(ref: string): string {
  const hex = Buffer.from(ref, "base64url").toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
  /** The token's claims, from the request or, for a replay, from its ledger entry. */
  const claimsOf = (
    amount: number,
    transactionType: FluzTransactionType,
    externalId: string,
    jti: string,
    iat: number,
    exp: number,
  ): FluzPatClaims => ({ amount, apiKey, transactionType, externalId, jti, iat, exp });
  const answer = (claims: FluzPatClaims, expiresAt: Date): FluzTokenResponse => ({
    token: sign(claims),
    jti: claims.jti,
    expiresAt: expiresAt.toISOString(),
  });

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
      const claims = claimsOf(
        request.amount,
        request.transactionType,
        user.id,
        randomUUID(),
        iat,
        iat + expiresIn,
      );
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
          issuedAt: new Date(iat * 1000),
          expiresAt,
        },
        store,
      );
      if (onIssued) {
        await callHook("providers.fluz.onIssued", () =>
          onIssued({
            jti: claims.jti,
            user,
            amount: claims.amount,
            transactionType: claims.transactionType,
            expiresAt,
          }),
        );
      }
      return { body: answer(claims, expiresAt), expiresAt, replayRef: compactUuid(claims.jti) };
    },
    // An Idempotency-Key replay signs the same token again from its ledger
    // entry (HS256 is deterministic): nothing of the token is kept at rest.
    async rebuild(ref, user) {
      const jti = expandUuid(ref);
      const entry = await ledger.lookup(jti);
      if (entry === null || entry.provider !== "fluz" || entry.userId !== user.id) return undefined;
      const expiresAt = new Date(entry.expiresAt);
      const claims = claimsOf(
        entry.amount / 100,
        entry.transactionType as FluzTransactionType,
        entry.userId,
        jti,
        Math.floor(Date.parse(entry.issuedAt) / 1000),
        expiresAt.getTime() / 1000,
      );
      return answer(claims, expiresAt);
    },
  });
}
