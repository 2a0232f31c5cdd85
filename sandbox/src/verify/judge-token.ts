import { VALID_REASON, decodeLoosely } from "../inspect/receive-token.js";
import { type VerdictDetail, detailOf } from "../inspect/verdict.js";
import type { TokenSummary } from "../stand-in.js";
import type { AnyStandIn } from "../stand-ins.js";
import { tokenToolsOf } from "./token-tools.js";

/** A token judged offline: the verdict, the reason, what it says. */
export interface Judgement extends VerdictDetail, TokenSummary {
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
}

/**
 * Judge a token with the stand-in's own verifier (the code that judges it
 * in the sandbox), minus what needs the sandbox's memory (one-time use).
 * `config` is what the stand-in's `readConfig` read.
 *
 * @example
 * const fluz = standInOf("fluz");
 * const j = await judgeToken(token, fluz, tokenToolsOf(fluz).readConfig(process.env, false));
 * j.verdict; // "valid" | "expired" | "bad-signature" | …
 */
export async function judgeToken(
  token: string,
  standIn: AnyStandIn,
  config: unknown,
  now = Date.now(),
): Promise<Judgement> {
  const { header, claims } = decodeLoosely(token);
  let detail: VerdictDetail = { verdict: "valid", reason: VALID_REASON };
  try {
    await tokenToolsOf(standIn).judge(token, config, now);
  } catch (err) {
    detail = detailOf(err);
  }
  return { ...detail, ...standIn.summarize(claims), header, claims };
}
