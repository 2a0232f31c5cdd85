import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  randomBytes,
  randomUUID,
} from "node:crypto";
import type { SandboxCredentials } from "@widget-tokens/sandbox";
import { SignJWT, calculateJwkThumbprint, exportJWK } from "jose";

const now = () => Math.floor(Date.now() / 1000);
const hmac = (secret: string) => createSecretKey(Buffer.from(secret, "utf8"));

/** Sign `claims` with `header` (alg included) and `key`. */
function sign(
  header: Record<string, unknown> & { alg: string },
  claims: Record<string, unknown>,
  key: Parameters<SignJWT["sign"]>[0],
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** A Fluz patToken for the sandbox's credentials; `claims` and `secret` override. */
export function fluzToken(
  c: NonNullable<SandboxCredentials["fluz"]>,
  claims: Record<string, unknown> = {},
  { secret = c.apiSecret, alg = "HS256" }: { secret?: string; alg?: string } = {},
): Promise<string> {
  return sign(
    { alg, typ: "JWT" },
    {
      amount: 50,
      apiKey: c.apiKey,
      transactionType: "WITHDRAW",
      externalId: "user-42",
      jti: randomUUID(),
      iat: now(),
      exp: now() + 3600,
      ...claims,
    },
    hmac(secret),
  );
}

/** An impact.com user JWT. */
export function impactToken(
  c: NonNullable<SandboxCredentials["impact"]>,
  claims: Record<string, unknown> = {},
  { kid = c.accountSid }: { kid?: string } = {},
): Promise<string> {
  return sign(
    { alg: "HS256", typ: "JWT", kid },
    { user: { id: "user-42", accountId: "user-42" }, exp: now() + 3600, ...claims },
    hmac(c.authToken),
  );
}

/** A Gr4vy Embed token for 12.99 USD, buyer `user-42`. */
export async function gr4vyToken(
  c: NonNullable<SandboxCredentials["gr4vy"]>,
  claims: Record<string, unknown> = {},
  { kid }: { kid?: string } = {},
): Promise<string> {
  const privateKey = createPrivateKey(c.privateKey!);
  const thumbprint = await calculateJwkThumbprint(await exportJWK(createPublicKey(privateKey)));
  return sign(
    { alg: "ES512", typ: "JWT", kid: kid ?? thumbprint },
    {
      scopes: ["embed"],
      embed: { amount: 1299, currency: "USD", buyer_external_identifier: "user-42" },
      iat: now(),
      nbf: now(),
      exp: now() + 3600,
      jti: randomUUID(),
      ...claims,
    },
    privateKey,
  );
}

/** A Jackpot initialization token (assertion). */
export function jackpotAssertion(
  c: NonNullable<SandboxCredentials["jackpot"]>,
  claims: Record<string, unknown> = {},
): Promise<string> {
  return sign(
    { alg: "HS256", typ: "JWT" },
    {
      amount: 25,
      cp: "99",
      age: 99,
      userId: "user-42",
      iat: now(),
      notificationKey: randomBytes(18).toString("base64url"),
      ...claims,
    },
    hmac(c.apiSignature),
  );
}

/** The JWT-bearer grant body. */
export const grant = (c: NonNullable<SandboxCredentials["jackpot"]>, assertion: string) => ({
  grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
  client_id: c.apiKey,
  assertion,
});
