import { randomHex, randomSecret } from "../credentials/random.js";
import type { SandboxJackpotOptions } from "./router.js";

/** What a merchant's app is configured with for Jackpot. */
export interface JackpotCredentials {
  apiKey: string;
  apiSignature: string;
  /** What Jackpot's notifications are signed with (the merchant's `notifications.secret`). */
  notificationSecret: string;
}

/**
 * The Jackpot stand-in's options, every credential not given generated.
 *
 * @example
 * resolveJackpot({}).credentials.apiKey; // "jackpot_test_1f2e3d4c5b6a7988"
 */
export function resolveJackpot(given: Partial<SandboxJackpotOptions>): {
  options: SandboxJackpotOptions;
  credentials: JackpotCredentials;
} {
  const options = {
    ...given,
    apiKey: given.apiKey ?? `jackpot_test_${randomHex(8)}`,
    apiSignature: given.apiSignature ?? randomSecret(),
    notificationSecret: given.notificationSecret ?? randomSecret(),
  };
  return {
    options,
    credentials: {
      apiKey: options.apiKey,
      apiSignature: options.apiSignature,
      notificationSecret: options.notificationSecret,
    },
  };
}

/** Jackpot's credentials as the demo's environment variables. */
export const jackpotEnv = {
  secrets: ["JACKPOT_API_KEY", "JACKPOT_API_SIGNATURE", "JACKPOT_NOTIFICATION_SECRET"],
  write: (c: JackpotCredentials) => ({
    JACKPOT_API_KEY: c.apiKey,
    JACKPOT_API_SIGNATURE: c.apiSignature,
    JACKPOT_NOTIFICATION_SECRET: c.notificationSecret,
  }),
  read: (get: (name: string) => string | undefined) => ({
    apiKey: get("JACKPOT_API_KEY"),
    apiSignature: get("JACKPOT_API_SIGNATURE"),
    notificationSecret: get("JACKPOT_NOTIFICATION_SECRET"),
  }),
};
