import type { SandboxStandIn } from "../stand-in.js";
import { type JackpotCredentials, jackpotEnv, resolveJackpot } from "./credentials.js";
import { type SandboxJackpotOptions, sandboxJackpot } from "./router.js";
import { recognizeJackpot, summarizeJackpot } from "./summarize.js";
import { type JackpotConfig, jackpotTokens } from "./tokens.js";

/** The Jackpot stand-in. */
export const jackpotStandIn = {
  id: "jackpot",
  name: "Jackpot",
  tokenKind: "assertion",
  // Jackpot: the voucher widget's modal iframe (`JackpotWidget.open`).
  widgetFrame: 'iframe[title="Jackpot"]',
  resolve: resolveJackpot,
  router: sandboxJackpot,
  env: jackpotEnv,
  summarize: (claims) => summarizeJackpot(claims),
  recognize: recognizeJackpot,
  tokens: jackpotTokens,
} as const satisfies SandboxStandIn<
  "jackpot",
  SandboxJackpotOptions,
  Partial<SandboxJackpotOptions>,
  JackpotCredentials,
  JackpotConfig
>;
