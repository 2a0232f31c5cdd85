import { randomHex, randomSecret } from "../credentials/random.js";
import type { SandboxFluzOptions } from "./router.js";

/** What a merchant's app is configured with for Fluz. */
export interface FluzCredentials {
  apiKey: string;
  apiSecret: string;
  /** What Fluz signs its webhooks with (the merchant's `notifications.secret`). */
  notificationSecret: string;
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
    notificationSecret: given.notificationSecret ?? randomSecret(),
  };
  return {
    options,
    credentials: {
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      notificationSecret: options.notificationSecret,
    },
  };
}

/** Fluz's credentials as the demo's environment variables. */
export const fluzEnv = {
  secrets: ["FLUZ_API_SECRET", "FLUZ_NOTIFICATION_SECRET"],
  write: (c: FluzCredentials) => ({
    FLUZ_API_KEY: c.apiKey,
    FLUZ_API_SECRET: c.apiSecret,
    FLUZ_NOTIFICATION_SECRET: c.notificationSecret,
  }),
  read: (get: (name: string) => string | undefined) => ({
    apiKey: get("FLUZ_API_KEY"),
    apiSecret: get("FLUZ_API_SECRET"),
    notificationSecret: get("FLUZ_NOTIFICATION_SECRET"),
  }),
};
