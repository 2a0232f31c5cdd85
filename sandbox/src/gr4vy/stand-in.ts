import type { SandboxStandIn } from "../stand-in.js";
import { type Gr4vyCredentials, gr4vyEnv, resolveGr4vy } from "./credentials.js";
import { type SandboxGr4vyOptions, sandboxGr4vy } from "./router.js";
import { recognizeGr4vy, summarizeGr4vy } from "./summarize.js";
import { type Gr4vyConfig, gr4vyTokens } from "./tokens.js";

/** The Gr4vy stand-in. */
export const gr4vyStandIn: SandboxStandIn<
  "gr4vy",
  SandboxGr4vyOptions,
  Partial<SandboxGr4vyOptions>,
  Gr4vyCredentials,
  Gr4vyConfig
> = {
  id: "gr4vy",
  name: "Gr4vy",
  resolve: resolveGr4vy,
  router: sandboxGr4vy,
  env: gr4vyEnv,
  summarize: summarizeGr4vy,
  recognize: recognizeGr4vy,
  tokens: gr4vyTokens,
};
