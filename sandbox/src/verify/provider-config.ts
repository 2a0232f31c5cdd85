import { type KeyObject, createPrivateKey, createPublicKey, createSecretKey } from "node:crypto";
import { CliError, EXIT } from "../cli/cli-error.js";
import { readPemValue } from "../credentials/read-pem.js";
import type { SandboxProviderId } from "../provider-ids.js";

/** What checking and minting a provider's tokens needs, read from the environment. */
export type ProviderConfig =
  | { provider: "fluz"; apiKey: string; secret: KeyObject }
  | { provider: "impact"; accountSid: string; key: KeyObject }
  | { provider: "gr4vy"; publicKey: KeyObject; privateKey?: KeyObject }
  | { provider: "jackpot"; key: KeyObject; apiKey?: string };

/** The variables each provider reads, as the demo names them. */
export const PROVIDER_ENV: Record<Exclude<SandboxProviderId, "merchantApi">, string[]> = {
  fluz: ["FLUZ_API_KEY", "FLUZ_API_SECRET"],
  impact: ["IMPACT_ACCOUNT_SID", "IMPACT_AUTH_TOKEN"],
  gr4vy: ["GR4VY_PRIVATE_KEY (or GR4VY_PUBLIC_KEY to verify)"],
  jackpot: ["JACKPOT_API_SIGNATURE", "JACKPOT_API_KEY (to exchange)"],
};

const hmac = (value: string) => createSecretKey(Buffer.from(value, "utf8"));

/**
 * Read a provider's configuration from the environment with the demo's
 * variable names. Throws `CliError` `MISSING_ENV` / `INVALID_ENV` (exit 2)
 * naming the variable. `forMinting` requires the private key for Gr4vy.
 *
 * @example
 * const config = readProviderConfig("fluz", process.env);
 */
export function readProviderConfig(
  provider: SandboxProviderId,
  env: NodeJS.ProcessEnv,
  { forMinting = false }: { forMinting?: boolean } = {},
): ProviderConfig {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new CliError("MISSING_ENV", `${name} is not set`, EXIT.usage);
    return value;
  };
  switch (provider) {
    case "fluz":
      return { provider, apiKey: need("FLUZ_API_KEY"), secret: hmac(need("FLUZ_API_SECRET")) };
    case "impact":
      return {
        provider,
        accountSid: need("IMPACT_ACCOUNT_SID"),
        key: hmac(need("IMPACT_AUTH_TOKEN")),
      };
    case "gr4vy": {
      const name = env.GR4VY_PRIVATE_KEY || forMinting ? "GR4VY_PRIVATE_KEY" : "GR4VY_PUBLIC_KEY";
      if (!env[name]) {
        throw new CliError(
          "MISSING_ENV",
          forMinting
            ? "GR4VY_PRIVATE_KEY is not set"
            : "GR4VY_PRIVATE_KEY (or GR4VY_PUBLIC_KEY) is not set",
          EXIT.usage,
        );
      }
      try {
        const pem = readPemValue(env[name]!);
        if (name === "GR4VY_PRIVATE_KEY") {
          const privateKey = createPrivateKey(pem);
          return { provider, privateKey, publicKey: createPublicKey(privateKey) };
        }
        return { provider, publicKey: createPublicKey(pem) };
      } catch {
        throw new CliError(
          "INVALID_ENV",
          `${name} is not a PEM key (PEM, PEM with \\n escapes, or a file path)`,
          EXIT.usage,
        );
      }
    }
    case "jackpot":
      return {
        provider,
        key: hmac(need("JACKPOT_API_SIGNATURE")),
        ...(env.JACKPOT_API_KEY ? { apiKey: env.JACKPOT_API_KEY } : {}),
      };
    default:
      throw new CliError(
        "UNKNOWN_PROVIDER",
        "the merchant API signs its own tokens with a key only it holds: nothing to verify or mint here (log in with POST /merchant-api/v2/auth/login)",
        EXIT.usage,
      );
  }
}
