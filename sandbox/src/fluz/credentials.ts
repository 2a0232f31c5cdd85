import { randomHex, randomSecret } from "../credentials/random.js";
import type { SandboxFluzOptions } from "./router.js";

/** What a merchant's app is configured with for Fluz. */
export interface FluzCredentials {
  apiKey: string;
  apiSecret: string;
}

/**
 * The Fluz stand-in's options, every credential not given generated.
 *
 * @example
 * resolveFluz({}).credentials.apiKey; // "fluz_test_1f2e3d4c5b6a7988"
 */
export function resolveFluz(given: Partial<SandboxFluzOptions>): {
  options: SandboxFluzOptions;
  credentials: FluzCredentials;
} {
  const options = {
    ...given,
    apiKey: given.apiKey ?? `fluz_test_${randomHex(8)}`,
    apiSecret: given.apiSecret ?? randomSecret(),
  };
  return { options, credentials: { apiKey: options.apiKey, apiSecret: options.apiSecret } };
}

/** Fluz's credentials as the demo's environment variables. */
export const fluzEnv = {
  secrets: ["FLUZ_API_SECRET"],
  write: (c: FluzCredentials) => ({ FLUZ_API_KEY: c.apiKey, FLUZ_API_SECRET: c.apiSecret }),
  read: (get: (name: string) => string | undefined) => ({
    apiKey: get("FLUZ_API_KEY"),
    apiSecret: get("FLUZ_API_SECRET"),
  }),
};
