import { createHmac, randomUUID } from "node:crypto";
import type { Sandbox } from "@widget-tokens/sandbox";

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A Fluz patToken for the sandbox's credentials; `claims` override, `secret` signs instead. */
export function fluzToken(
  sandbox: Sandbox,
  claims: Record<string, unknown> = {},
  secret = sandbox.credentials.fluz!.apiSecret,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const signed = `${part({ alg: "HS256", typ: "JWT" })}.${part({
    amount: 20,
    apiKey: sandbox.credentials.fluz!.apiKey,
    transactionType: "WITHDRAW",
    externalId: "user-42",
    jti: randomUUID(),
    iat: now,
    exp: now + 3600,
    ...claims,
  })}`;
  const signature = createHmac("sha256", secret).update(signed).digest("base64url");
  return Promise.resolve(`${signed}.${signature}`);
}

/** Hand a token to the Fluz stand-in as its modal page does, with an optional `X-Sandbox-Scope`. */
export async function openFluz(
  sandbox: Sandbox,
  token: string,
  scope?: string,
): Promise<{ status: number }> {
  const res = await fetch(`${sandbox.url}/fluz/api/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(scope ? { "x-sandbox-scope": scope } : {}) },
    body: JSON.stringify({ token }),
  });
  await res.arrayBuffer();
  return { status: res.status };
}
