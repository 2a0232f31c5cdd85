import { type KeyObject, randomBytes } from "node:crypto";
import { JACKPOT_ANONYMOUS, JWT_BEARER_GRANT } from "@widget-tokens/shared";
import { CliError, EXIT } from "../cli-error.js";
import { mintTime, signMinted } from "../mint/sign.js";
import type { StandInTokenTools } from "../stand-in.js";
import { hmacKey, needEnv } from "../verify/read-env.js";
import { JACKPOT_MAX_ASSERTION_AGE_SECONDS } from "./summarize.js";
import { verifyAssertion } from "./verify-assertion.js";

/** What checking and minting an assertion (and exchanging it: the apiKey) needs. */
export interface JackpotConfig {
  key: KeyObject;
  apiKey?: string;
}

/** Trade an assertion for a session token at `base`/v2/token, as the merchant's server does. */
async function exchange(base: string, apiKey: string | undefined, assertion: string) {
  if (!apiKey)
    throw new CliError("MISSING_ENV", "JACKPOT_API_KEY is not set (needed by --exchange)");
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, "")}/v2/token`);
  } catch {
    throw new CliError("USAGE", `--exchange ${base}: not a URL`);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: JWT_BEARER_GRANT, client_id: apiKey, assertion }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new CliError(
      "UPSTREAM",
      `exchange at ${url} failed: ${(err as Error).message}`,
      EXIT.failed,
    );
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok || typeof body?.access_token !== "string") {
    const why = body?.error
      ? `${body.error}: ${body.error_description ?? ""}`
      : `HTTP ${res.status}`;
    throw new CliError("UPSTREAM", `exchange refused (${why})`, EXIT.failed);
  }
  return body as { access_token: string; expires_in?: number };
}

/** The CLI's `verify jackpot` and `mint jackpot` (with `--exchange`). */
export const jackpotTokens: StandInTokenTools<JackpotConfig> = {
  verifyEnv: "JACKPOT_API_SIGNATURE",
  readConfig: (env) => ({
    key: hmacKey(needEnv(env, "JACKPOT_API_SIGNATURE")),
    ...(env.JACKPOT_API_KEY ? { apiKey: env.JACKPOT_API_KEY } : {}),
  }),
  judge: (token, config, now) =>
    verifyAssertion(token, config.key, Math.floor(now / 1000), JACKPOT_MAX_ASSERTION_AGE_SECONDS),
  mint: {
    help: `--amount DOLLARS [--exchange BASE_URL]  (exchanges the assertion at BASE_URL/v2/token,
           e.g. http://127.0.0.1:4010/jackpot, and prints the session token; needs JACKPOT_API_KEY)`,
    options: ["amount", "exchange"],
    amount: "dollars",
    mint(config, request) {
      return signMinted(
        { alg: "HS256", typ: "JWT" },
        {
          amount: request.amount,
          cp: JACKPOT_ANONYMOUS.cp,
          age: JACKPOT_ANONYMOUS.age,
          userId: request.user,
          iat: mintTime(request),
          notificationKey: randomBytes(18).toString("base64url"),
        },
        config.key,
      );
    },
    async exchange(base, config, minted) {
      const session = await exchange(base, config.apiKey, minted.token);
      return {
        token: session.access_token,
        json: { ...minted, sessionToken: session.access_token, expiresIn: session.expires_in },
      };
    },
  },
};
