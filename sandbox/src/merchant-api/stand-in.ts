import type { SandboxStandIn } from "../stand-in.js";
import { type MerchantApiCredentials, merchantApiEnv, resolveMerchantApi } from "./credentials.js";
import {
  type MerchantApiSandbox,
  type SandboxMerchantApiOptions,
  sandboxMerchantApi,
} from "./router.js";
import { recognizeMerchantApi, summarizeMerchantApi } from "./summarize.js";

/** The merchant-API stand-in: it signs its own tokens, so the CLI has nothing to check or mint. */
export const merchantApiStandIn = {
  id: "merchantApi",
  name: "Merchant API",
  tokenKind: "access",
  // The merchant API has no widget.
  widgetFrame: null,
  resolve: resolveMerchantApi,
  router: (options, _origin, hooks) => sandboxMerchantApi(options, hooks),
  env: merchantApiEnv,
  summarize: summarizeMerchantApi,
  recognize: recognizeMerchantApi,
  tokens:
    "the merchant API signs its own tokens with a key only it holds: nothing to verify or mint here (log in with POST /merchant-api/v2/auth/login)",
} as const satisfies SandboxStandIn<
  "merchantApi",
  SandboxMerchantApiOptions | MerchantApiSandbox,
  Partial<SandboxMerchantApiOptions> | MerchantApiSandbox,
  MerchantApiCredentials
>;
