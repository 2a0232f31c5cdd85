import { randomBytes, randomUUID } from "node:crypto";
import {
  FLUZ_TRANSACTION_TYPES,
  type FluzTransactionType,
  JACKPOT_ANONYMOUS,
} from "@widget-tokens/shared";
import { SignJWT } from "jose";
import { keyId } from "../gr4vy/key-id.js";
import type { ProviderConfig } from "../verify/provider-config.js";

/** What `mint` puts in a token; each provider takes the fields it has claims for. */
export interface MintRequest {
  /** The user: Fluz `externalId`, impact.com `user.id`, Gr4vy `buyer_external_identifier`, Jackpot `userId`. */
  user: string;
  /** Fluz and Jackpot: dollars and cents (50, 12.5). Gr4vy: minor units (1299). */
  amount?: number;
  /** Fluz: DEPOSIT (default) or WITHDRAW. */
  transactionType?: FluzTransactionType;
  /** Gr4vy: ISO 4217 (default USD). */
  currency?: string;
  /** Lifetime in seconds (negative: already expired). Defaults: Fluz 1 d, impact.com and Gr4vy 1 h. */
  expiresIn?: number;
  /** impact.com `user` fields besides `id`. */
  accountId?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  locale?: string;
  /** Seconds since the epoch to mint at. Default: now. */
  now?: number;
}

/** A minted token and what is in it. */
export interface Minted {
  token: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The `iss` minted Gr4vy tokens carry (Gr4vy does not check it). */
const MINT_GR4VY_ISSUER = "widget-tokens mint";

/**
 * Mint a token the way the provider documents its claim set (DESIGN.md, the
 * `@widget-tokens/shared` types), with jose, from the merchant's
 * configuration: for poking a sandbox by hand. The server's own minting
 * stays the reference; the sandbox's verifiers accept both.
 *
 * @example
 * const { token } = await mintToken(readProviderConfig("fluz", env), { user: "u1", amount: 50 });
 */
export async function mintToken(config: ProviderConfig, request: MintRequest): Promise<Minted> {
  const iat = request.now ?? Math.floor(Date.now() / 1000);
  const sign = async (
    header: Record<string, unknown> & { alg: string },
    claims: Record<string, unknown>,
    key: Parameters<SignJWT["sign"]>[0],
  ): Promise<Minted> => ({
    token: await new SignJWT(claims).setProtectedHeader(header).sign(key),
    header,
    claims,
  });
  switch (config.provider) {
    case "fluz": {
      const transactionType = request.transactionType ?? "DEPOSIT";
      if (!FLUZ_TRANSACTION_TYPES.includes(transactionType)) {
        throw new TypeError("transactionType must be DEPOSIT or WITHDRAW");
      }
      return sign(
        { alg: "HS256", typ: "JWT" },
        {
          amount: request.amount,
          apiKey: config.apiKey,
          transactionType,
          externalId: request.user,
          jti: randomUUID(),
          iat,
          exp: iat + (request.expiresIn ?? 86_400),
        },
        config.secret,
      );
    }
    case "impact": {
      const user: Record<string, string> = {
        id: request.user,
        accountId: request.accountId ?? request.user,
      };
      for (const field of ["firstName", "lastName", "email", "locale"] as const) {
        if (request[field] !== undefined) user[field] = request[field];
      }
      return sign(
        { alg: "HS256", typ: "JWT", kid: config.accountSid },
        { user, exp: iat + (request.expiresIn ?? 3600) },
        config.key,
      );
    }
    case "gr4vy": {
      if (!config.privateKey) throw new TypeError("minting a Gr4vy token needs the private key");
      return sign(
        { alg: "ES512", typ: "JWT", kid: await keyId(config.publicKey) },
        {
          scopes: ["embed"],
          embed: {
            amount: request.amount,
            currency: request.currency ?? "USD",
            buyer_external_identifier: request.user,
          },
          iat,
          nbf: iat,
          exp: iat + (request.expiresIn ?? 3600),
          iss: MINT_GR4VY_ISSUER,
          jti: randomUUID(),
        },
        config.privateKey,
      );
    }
    case "jackpot":
      return sign(
        { alg: "HS256", typ: "JWT" },
        {
          amount: request.amount,
          cp: JACKPOT_ANONYMOUS.cp,
          age: JACKPOT_ANONYMOUS.age,
          userId: request.user,
          iat,
          notificationKey: randomBytes(18).toString("base64url"),
        },
        config.key,
      );
  }
}
