import { type KeyObject, createSecretKey } from "node:crypto";
import { CliError, EXIT } from "../cli-error.js";

/**
 * A variable the configuration needs. Throws `CliError` `MISSING_ENV`
 * (exit 2) naming it when it is unset or empty.
 *
 * @example
 * const apiKey = needEnv(process.env, "FLUZ_API_KEY");
 */
export function needEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new CliError("MISSING_ENV", `${name} is not set`, EXIT.usage);
  return value;
}

/**
 * An HMAC key of a shared secret, as the providers use it (UTF-8 bytes).
 *
 * @example
 * const key = hmacKey(needEnv(process.env, "FLUZ_API_SECRET"));
 */
export const hmacKey = (value: string): KeyObject => createSecretKey(Buffer.from(value, "utf8"));
