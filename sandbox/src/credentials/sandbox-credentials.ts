import { SandboxError } from "../errors.js";
import { SANDBOX_PROVIDERS, type SandboxProviderId, parseProviderId } from "../provider-ids.js";
import { STAND_INS, type StandInOf, standInOf } from "../stand-ins.js";

type Resolved<Id extends SandboxProviderId> = ReturnType<StandInOf<Id>["resolve"]>;

/**
 * Complete options of each stand-in to start (each stand-in's options type:
 * `SandboxFluzOptions`…; for `merchantApi`, a `createMerchantApiSandbox()`
 * a test built to read its counters works too). Omit one to leave it out.
 */
export type SandboxOptions = { [Id in SandboxProviderId]?: Resolved<Id>["options"] };

/**
 * Which stand-ins `startSandbox` starts: their names (credentials all
 * generated), or per provider `true` or the options you want to fix (the
 * credentials you leave out are generated).
 */
export type SandboxProvidersInput =
  | readonly SandboxProviderId[]
  | { [Id in SandboxProviderId]?: Parameters<StandInOf<Id>["resolve"]>[0] | true };

/**
 * What a merchant's app under test is configured with, per started
 * provider (Gr4vy's `privateKey`, PKCS #8 PEM, when the sandbox made the
 * key pair or was given the private key). These are test credentials of
 * this sandbox only.
 */
export type SandboxCredentials = { [Id in SandboxProviderId]?: Resolved<Id>["credentials"] };

/** The providers asked for, each with what was given for it (`{}` for nothing). */
function wantedOf(input: SandboxProvidersInput): Map<SandboxProviderId, unknown> {
  const wanted = new Map<SandboxProviderId, unknown>();
  if (Array.isArray(input)) {
    for (const name of input) {
      const id = parseProviderId(name);
      if (!id) {
        throw new SandboxError(
          "UNKNOWN_PROVIDER",
          `unknown provider ${JSON.stringify(name)}: use ${SANDBOX_PROVIDERS.join(", ")}`,
          "providers",
        );
      }
      wanted.set(id, {});
    }
    return wanted;
  }
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === false) continue;
    if (!Object.hasOwn(STAND_INS, name)) {
      throw new SandboxError(
        "UNKNOWN_PROVIDER",
        `unknown provider ${JSON.stringify(name)}`,
        `providers.${name}`,
      );
    }
    wanted.set(name as SandboxProviderId, value === true ? {} : value);
  }
  return wanted;
}

/**
 * Complete the stand-ins' options: fill in every credential not given
 * (random secrets, a P-521 key pair for Gr4vy, a merchant-API test account)
 * and report them all in `credentials`.
 *
 * @example
 * const { options, credentials } = resolveSandboxProviders(["fluz", "gr4vy"]);
 * credentials.gr4vy?.privateKey; // a PKCS#8 PEM, generated at start
 */
export function resolveSandboxProviders(input: SandboxProvidersInput = SANDBOX_PROVIDERS): {
  options: SandboxOptions;
  credentials: SandboxCredentials;
} {
  const options: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const [id, given] of wantedOf(input)) {
    const resolved = standInOf(id).resolve(given);
    options[id] = resolved.options;
    credentials[id] = resolved.credentials;
  }
  return { options: options as SandboxOptions, credentials: credentials as SandboxCredentials };
}
