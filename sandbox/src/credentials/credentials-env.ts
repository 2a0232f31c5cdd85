import { readPemValue } from "./read-pem.js";
import type { SandboxCredentials } from "./sandbox-credentials.js";

/** The variables that hold secrets: printed only when asked for. */
export const SECRET_ENV_NAMES: ReadonlySet<string> = new Set([
  "FLUZ_API_SECRET",
  "IMPACT_AUTH_TOKEN",
  "GR4VY_PRIVATE_KEY",
  "JACKPOT_API_KEY",
  "JACKPOT_API_SIGNATURE",
  "MERCHANT_API_PASSWORD",
  "MERCHANT_API_KEY",
]);

/**
 * The credentials as environment variables, with the demo's names
 * (`FLUZ_API_KEY`, `GR4VY_PRIVATE_KEY` as one line with `\n` escapes…), so
 * a merchant's app under test can be configured from them.
 *
 * @example
 * const env = credentialsToEnv(sandbox.credentials);
 * spawn("node", ["app.js"], { env: { ...process.env, ...env, SANDBOX_URL: sandbox.url } });
 */
export function credentialsToEnv(credentials: SandboxCredentials): Record<string, string> {
  const env: Record<string, string> = {};
  const { fluz, impact, gr4vy, jackpot, merchantApi } = credentials;
  if (fluz) Object.assign(env, { FLUZ_API_KEY: fluz.apiKey, FLUZ_API_SECRET: fluz.apiSecret });
  if (impact) {
    Object.assign(env, {
      IMPACT_ACCOUNT_SID: impact.accountSid,
      IMPACT_AUTH_TOKEN: impact.authToken,
      IMPACT_TENANT_ALIAS: impact.tenantAlias,
    });
  }
  if (gr4vy) {
    env.GR4VY_ID = gr4vy.gr4vyId;
    if (gr4vy.privateKey) env.GR4VY_PRIVATE_KEY = gr4vy.privateKey.trim().replace(/\n/g, "\\n");
    else env.GR4VY_PUBLIC_KEY = gr4vy.publicKey.trim().replace(/\n/g, "\\n");
  }
  if (jackpot) {
    Object.assign(env, {
      JACKPOT_API_KEY: jackpot.apiKey,
      JACKPOT_API_SIGNATURE: jackpot.apiSignature,
    });
  }
  if (merchantApi) {
    Object.assign(env, {
      MERCHANT_API_MERCHANT_ID: merchantApi.merchantId,
      MERCHANT_API_EMAIL: merchantApi.email,
      MERCHANT_API_PASSWORD: merchantApi.password,
    });
    if (merchantApi.apiKey) env.MERCHANT_API_KEY = merchantApi.apiKey;
  }
  return env;
}

/**
 * The credentials the environment sets, per provider, with the demo's
 * variable names (what `credentialsToEnv` writes). A provider appears once
 * any of its variables is set; the rest of its credentials stay to generate.
 * `GR4VY_PRIVATE_KEY` may be PEM, `\n`-escaped PEM or a path (read here).
 *
 * @example
 * startSandbox({ providers: { ...allProviders, ...credentialsFromEnv(process.env) } });
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): SandboxCredentialsInput {
  const get = (name: string) => {
    const value = env[name];
    return value && value.length > 0 ? value : undefined;
  };
  const pick = <T extends Record<string, string | undefined>>(values: T) => {
    const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    return Object.keys(set).length > 0 ? (set as { [K in keyof T]?: string }) : undefined;
  };
  const result: SandboxCredentialsInput = {};
  const fluz = pick({ apiKey: get("FLUZ_API_KEY"), apiSecret: get("FLUZ_API_SECRET") });
  if (fluz) result.fluz = fluz;
  const impact = pick({
    accountSid: get("IMPACT_ACCOUNT_SID"),
    authToken: get("IMPACT_AUTH_TOKEN"),
    tenantAlias: get("IMPACT_TENANT_ALIAS"),
  });
  if (impact) result.impact = impact;
  const key = get("GR4VY_PRIVATE_KEY") ?? get("GR4VY_PUBLIC_KEY");
  const gr4vy = pick({ gr4vyId: get("GR4VY_ID"), publicKey: key && readPemValue(key) });
  if (gr4vy) result.gr4vy = gr4vy;
  const jackpot = pick({
    apiKey: get("JACKPOT_API_KEY"),
    apiSignature: get("JACKPOT_API_SIGNATURE"),
  });
  if (jackpot) result.jackpot = jackpot;
  const merchantApi = pick({
    merchantId: get("MERCHANT_API_MERCHANT_ID"),
    email: get("MERCHANT_API_EMAIL"),
    password: get("MERCHANT_API_PASSWORD"),
    apiKey: get("MERCHANT_API_KEY"),
  });
  if (merchantApi) result.merchantApi = merchantApi;
  return result;
}

/** Credentials some of which are given (strings; Gr4vy's key as PEM, `\n`-escaped PEM or a path). */
export interface SandboxCredentialsInput {
  fluz?: { apiKey?: string; apiSecret?: string };
  impact?: { accountSid?: string; authToken?: string; tenantAlias?: string };
  gr4vy?: { gr4vyId?: string; publicKey?: string };
  jackpot?: { apiKey?: string; apiSignature?: string };
  merchantApi?: { merchantId?: string; email?: string; password?: string; apiKey?: string };
}
