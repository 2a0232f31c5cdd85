import type { SandboxProviderId } from "../provider-ids.js";
import { type StandInOf, allStandIns, standInOf } from "../stand-ins.js";
import type { SandboxCredentials } from "./sandbox-credentials.js";

/** The variables that hold secrets: printed only when asked for. */
export const SECRET_ENV_NAMES: ReadonlySet<string> = new Set(
  allStandIns().flatMap((standIn) => standIn.env.secrets),
);

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
  for (const [id, given] of Object.entries(credentials)) {
    if (given) Object.assign(env, standInOf(id as SandboxProviderId).env.write(given));
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
  const result: Record<string, unknown> = {};
  for (const standIn of allStandIns()) {
    const set = Object.entries(standIn.env.read(get) as Record<string, unknown>).filter(
      ([, value]) => value !== undefined,
    );
    if (set.length > 0) result[standIn.id] = Object.fromEntries(set);
  }
  return result as SandboxCredentialsInput;
}

/** Credentials some of which are given (strings; Gr4vy's key as PEM, `\n`-escaped PEM or a path). */
export type SandboxCredentialsInput = {
  [Id in SandboxProviderId]?: SomeOf<ReturnType<StandInOf<Id>["env"]["read"]>>;
};

/** Each field optional, and a string when present. */
type SomeOf<T> = { [K in keyof T]?: Exclude<T[K], undefined> };
