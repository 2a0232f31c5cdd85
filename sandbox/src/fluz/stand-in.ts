import type { SandboxStandIn } from "../stand-in.js";
import { type FluzCredentials, fluzEnv, resolveFluz } from "./credentials.js";
import { type SandboxFluzOptions, sandboxFluz } from "./router.js";
import { recognizeFluz, summarizeFluz } from "./summarize.js";
import { type FluzConfig, fluzTokens } from "./tokens.js";

/** The Fluz stand-in. */
export const fluzStandIn: SandboxStandIn<
  "fluz",
  SandboxFluzOptions,
  Partial<SandboxFluzOptions>,
  FluzCredentials,
  FluzConfig
> = {
  id: "fluz",
  name: "Fluz",
  resolve: resolveFluz,
  router: sandboxFluz,
  env: fluzEnv,
  summarize: summarizeFluz,
  recognize: recognizeFluz,
  tokens: fluzTokens,
};
