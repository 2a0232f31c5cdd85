import { randomBytes } from "node:crypto";
import { randomHex } from "../credentials/random.js";
import type { MerchantApiSandbox, SandboxMerchantApiOptions } from "./router.js";

/** What a merchant's app is configured with for the merchant API. */
export interface MerchantApiCredentials {
  merchantId: string;
  email: string;
  password: string;
  apiKey?: string;
}

/** The test account the stand-in keeps unless given another. */
export const MERCHANT_API_DEFAULT_IDS = {
  merchantId: "merchant_sandbox",
  merchantEmail: "qa@merchant.example",
} as const;

/**
 * The merchant-API stand-in's options: a test account with whatever was
 * not given generated, or a `createMerchantApiSandbox()` a test built (its
 * account reported as is).
 *
 * @example
 * resolveMerchantApi({}).credentials.email; // "qa@merchant.example"
 */
export function resolveMerchantApi(
  given: Partial<SandboxMerchantApiOptions> | MerchantApiSandbox,
): {
  options: SandboxMerchantApiOptions | MerchantApiSandbox;
  credentials: MerchantApiCredentials;
} {
  const options =
    "router" in given
      ? given
      : {
          ...given,
          merchantId: given.merchantId ?? MERCHANT_API_DEFAULT_IDS.merchantId,
          email: given.email ?? MERCHANT_API_DEFAULT_IDS.merchantEmail,
          password: given.password ?? randomBytes(18).toString("base64url"),
          apiKey: given.apiKey ?? `mk_test_${randomHex(16)}`,
        };
  const { merchantId, email, password, apiKey } = "router" in options ? options.options : options;
  return { options, credentials: { merchantId, email, password, ...(apiKey ? { apiKey } : {}) } };
}

/** The merchant API's credentials as the demo's environment variables. */
export const merchantApiEnv = {
  secrets: ["MERCHANT_API_PASSWORD", "MERCHANT_API_KEY"],
  write: (c: MerchantApiCredentials): Record<string, string> => ({
    MERCHANT_API_MERCHANT_ID: c.merchantId,
    MERCHANT_API_EMAIL: c.email,
    MERCHANT_API_PASSWORD: c.password,
    ...(c.apiKey ? { MERCHANT_API_KEY: c.apiKey } : {}),
  }),
  read: (get: (name: string) => string | undefined) => ({
    merchantId: get("MERCHANT_API_MERCHANT_ID"),
    email: get("MERCHANT_API_EMAIL"),
    password: get("MERCHANT_API_PASSWORD"),
    apiKey: get("MERCHANT_API_KEY"),
  }),
};
