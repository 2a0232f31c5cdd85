import { verifyPatToken } from "../fluz/verify-pat-token.js";
import { verifyEmbedToken } from "../gr4vy/verify-embed-token.js";
import { verifyUserToken } from "../impact/verify-user-token.js";
import { VALID_REASON, decodeLoosely } from "../inspect/receive-token.js";
import { type TokenSummary, summarize } from "../inspect/summarize.js";
import { type VerdictDetail, detailOf } from "../inspect/verdict.js";
import { verifyAssertion } from "../jackpot/verify-assertion.js";
import type { ProviderConfig } from "./provider-config.js";

/** A token judged offline: the verdict, the reason, what it says. */
export interface Judgement extends VerdictDetail, TokenSummary {
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
}

/** Jackpot's freshness window for an assertion, as the stand-in applies it by default. */
const JACKPOT_MAX_ASSERTION_AGE_SECONDS = 300;

/**
 * Judge a token with the stand-in's own verifier (the code that judges it
 * in the sandbox), minus what needs the sandbox's memory (one-time use).
 *
 * @example
 * const j = await judgeToken(token, readProviderConfig("fluz", process.env));
 * j.verdict; // "valid" | "expired" | "bad-signature" | …
 */
export async function judgeToken(
  token: string,
  config: ProviderConfig,
  now = Date.now(),
): Promise<Judgement> {
  const { header, claims } = decodeLoosely(token);
  let detail: VerdictDetail = { verdict: "valid", reason: VALID_REASON };
  let expiresAt: string | null | undefined;
  try {
    switch (config.provider) {
      case "fluz":
        await verifyPatToken(token, config.secret, config.apiKey, now);
        break;
      case "impact":
        await verifyUserToken(token, config.key, config.accountSid, now);
        break;
      case "gr4vy":
        await verifyEmbedToken(token, config.publicKey, now);
        break;
      case "jackpot": {
        const iat = claims?.iat;
        if (typeof iat === "number") {
          expiresAt = new Date((iat + JACKPOT_MAX_ASSERTION_AGE_SECONDS) * 1000).toISOString();
        }
        await verifyAssertion(
          token,
          config.key,
          Math.floor(now / 1000),
          JACKPOT_MAX_ASSERTION_AGE_SECONDS,
        );
        break;
      }
    }
  } catch (err) {
    detail = detailOf(err);
  }
  const summary = summarize(config.provider, claims);
  return {
    ...detail,
    ...summary,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    header,
    claims,
  };
}
