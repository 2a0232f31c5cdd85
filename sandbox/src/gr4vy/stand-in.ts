import type { SandboxStandIn } from "../stand-in.js";
import { type Gr4vyCredentials, gr4vyEnv, resolveGr4vy } from "./credentials.js";
import { type SandboxGr4vyOptions, sandboxGr4vy } from "./router.js";
import { recognizeGr4vy, summarizeGr4vy } from "./summarize.js";
import { type Gr4vyConfig, gr4vyTokens } from "./tokens.js";

/** The Gr4vy stand-in. */
export const gr4vyStandIn = {
  id: "gr4vy",
  name: "Gr4vy",
  tokenKind: "embed",
  // Gr4vy: the Embed iframe `gr4vy.setup` puts in your element.
  widgetFrame: 'iframe[title="Gr4vy payment form"]',
  resolve: resolveGr4vy,
  router: sandboxGr4vy,
  env: gr4vyEnv,
  summarize: summarizeGr4vy,
  recognize: recognizeGr4vy,
  tokens: gr4vyTokens,
} as const satisfies SandboxStandIn<
  "gr4vy",
  SandboxGr4vyOptions,
  Partial<SandboxGr4vyOptions>,
  Gr4vyCredentials,
  Gr4vyConfig
>;
