import type { SandboxStandIn } from "../stand-in.js";
import { type ImpactCredentials, impactEnv, resolveImpact } from "./credentials.js";
import { type SandboxImpactOptions, sandboxImpact } from "./router.js";
import { recognizeImpact, summarizeImpact } from "./summarize.js";
import { type ImpactConfig, impactTokens } from "./tokens.js";

/** The impact.com stand-in. */
export const impactStandIn = {
  id: "impact",
  name: "impact.com",
  tokenKind: "user-jwt",
  // impact.com: the iframe squatch-js renders in the `<impact-embed>` element's shadow root.
  widgetFrame: "impact-embed iframe#squatchFrame",
  resolve: resolveImpact,
  router: sandboxImpact,
  env: impactEnv,
  summarize: summarizeImpact,
  recognize: recognizeImpact,
  tokens: impactTokens,
} as const satisfies SandboxStandIn<
  "impact",
  SandboxImpactOptions,
  Partial<SandboxImpactOptions>,
  ImpactCredentials,
  ImpactConfig
>;
