import type { SandboxStandIn } from "../stand-in.js";
import { type FluzCredentials, fluzEnv, resolveFluz } from "./credentials.js";
import { type SandboxFluzOptions, sandboxFluz } from "./router.js";
import { recognizeFluz, summarizeFluz } from "./summarize.js";
import { type FluzConfig, fluzTokens } from "./tokens.js";

/** The Fluz stand-in. */
export const fluzStandIn = {
  id: "fluz",
  name: "Fluz",
  tokenKind: "patToken",
  // Fluz: the modal's iframe, titled "Fluz" (`FluzWidget.open`).
  widgetFrame: 'iframe[title="Fluz"]',
  resolve: resolveFluz,
  router: sandboxFluz,
  env: fluzEnv,
  summarize: summarizeFluz,
  recognize: recognizeFluz,
  tokens: fluzTokens,
} as const satisfies SandboxStandIn<
  "fluz",
  SandboxFluzOptions,
  Partial<SandboxFluzOptions>,
  FluzCredentials,
  FluzConfig
>;
