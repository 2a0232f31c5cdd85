import {
  type KeyObject,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
} from "node:crypto";
import { SandboxError } from "../errors.js";
import type { SandboxFluzOptions } from "../fluz/router.js";
import type { SandboxGr4vyOptions } from "../gr4vy/router.js";
import type { SandboxImpactOptions } from "../impact/router.js";
import type { SandboxJackpotOptions } from "../jackpot/router.js";
import type { MerchantApiSandbox, SandboxMerchantApiOptions } from "../merchant-api/router.js";
import { SANDBOX_PROVIDERS, type SandboxProviderId, parseProviderId } from "../provider-ids.js";

/** Complete options of each stand-in to start. Omit one to leave it out. */
export interface SandboxOptions {
  fluz?: SandboxFluzOptions;
  gr4vy?: SandboxGr4vyOptions;
  impact?: SandboxImpactOptions;
  jackpot?: SandboxJackpotOptions;
  /** Options, or a `createMerchantApiSandbox()` a test built to read its counters. */
  merchantApi?: SandboxMerchantApiOptions | MerchantApiSandbox;
}

/**
 * Which stand-ins `startSandbox` starts: their names (credentials all
 * generated), or per provider `true` or the options you want to fix (the
 * credentials you leave out are generated).
 */
export type SandboxProvidersInput =
  | readonly SandboxProviderId[]
  | {
      fluz?: Partial<SandboxFluzOptions> | true;
      impact?: Partial<SandboxImpactOptions> | true;
      gr4vy?: Partial<SandboxGr4vyOptions> | true;
      jackpot?: Partial<SandboxJackpotOptions> | true;
      merchantApi?: Partial<SandboxMerchantApiOptions> | MerchantApiSandbox | true;
    };

/**
 * What a merchant's app under test is configured with, per started
 * provider. These are test credentials of this sandbox only.
 */
export interface SandboxCredentials {
  fluz?: { apiKey: string; apiSecret: string };
  impact?: { accountSid: string; authToken: string; tenantAlias: string };
  /** `privateKey` (PKCS #8 PEM) when the sandbox made the key pair or was given the private key. */
  gr4vy?: { gr4vyId: string; publicKey: string; privateKey?: string };
  jackpot?: { apiKey: string; apiSignature: string };
  merchantApi?: { merchantId: string; email: string; password: string; apiKey?: string };
}

const secret = () => randomBytes(32).toString("base64url");
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** Identifiers are fixed (easy to type and to read in logs); secrets are random per start. */
export const SANDBOX_DEFAULT_IDS = {
  gr4vyId: "sandbox",
  impactTenantAlias: "test_sandbox",
  merchantId: "merchant_sandbox",
  merchantEmail: "qa@merchant.example",
} as const;

const pem = (key: KeyObject, type: "public" | "private") =>
  key.export(
    type === "public" ? { type: "spki", format: "pem" } : { type: "pkcs8", format: "pem" },
  ) as string;

function gr4vyOf(given: Partial<SandboxGr4vyOptions>): {
  options: SandboxGr4vyOptions;
  credentials: NonNullable<SandboxCredentials["gr4vy"]>;
} {
  const gr4vyId = given.gr4vyId ?? SANDBOX_DEFAULT_IDS.gr4vyId;
  if (given.publicKey === undefined) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-521" });
    return {
      options: { ...given, gr4vyId, publicKey: pair.publicKey },
      credentials: {
        gr4vyId,
        publicKey: pem(pair.publicKey, "public"),
        privateKey: pem(pair.privateKey, "private"),
      },
    };
  }
  let key: KeyObject;
  try {
    key =
      typeof given.publicKey !== "string"
        ? given.publicKey
        : given.publicKey.includes("PRIVATE KEY")
          ? createPrivateKey(given.publicKey)
          : createPublicKey(given.publicKey);
  } catch {
    throw new SandboxError(
      "INVALID_OPTIONS",
      "gr4vy.publicKey is not a PEM key",
      "gr4vy.publicKey",
    );
  }
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return {
    options: { ...given, gr4vyId, publicKey },
    credentials: {
      gr4vyId,
      publicKey: pem(publicKey, "public"),
      ...(key.type === "private" ? { privateKey: pem(key, "private") } : {}),
    },
  };
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
  const wanted: Record<string, unknown> = {};
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
      wanted[id] = true;
    }
  } else {
    for (const [name, value] of Object.entries(input)) {
      if (value === undefined || value === false) continue;
      if (!SANDBOX_PROVIDERS.includes(name as SandboxProviderId)) {
        throw new SandboxError(
          "UNKNOWN_PROVIDER",
          `unknown provider ${JSON.stringify(name)}`,
          `providers.${name}`,
        );
      }
      wanted[name] = value;
    }
  }
  const given = <T>(id: SandboxProviderId): Partial<T> | undefined => {
    const value = wanted[id];
    if (value === undefined) return undefined;
    return value === true ? {} : (value as Partial<T>);
  };
  const options: SandboxOptions = {};
  const credentials: SandboxCredentials = {};

  const fluz = given<SandboxFluzOptions>("fluz");
  if (fluz) {
    options.fluz = {
      ...fluz,
      apiKey: fluz.apiKey ?? `fluz_test_${hex(8)}`,
      apiSecret: fluz.apiSecret ?? secret(),
    };
    credentials.fluz = { apiKey: options.fluz.apiKey, apiSecret: options.fluz.apiSecret };
  }
  const impact = given<SandboxImpactOptions>("impact");
  if (impact) {
    options.impact = {
      ...impact,
      accountSid: impact.accountSid ?? `IR${hex(16)}`,
      authToken: impact.authToken ?? secret(),
      tenantAlias: impact.tenantAlias ?? SANDBOX_DEFAULT_IDS.impactTenantAlias,
    };
    const { accountSid, authToken, tenantAlias } = options.impact;
    credentials.impact = { accountSid, authToken, tenantAlias };
  }
  const gr4vy = given<SandboxGr4vyOptions>("gr4vy");
  if (gr4vy) {
    const resolved = gr4vyOf(gr4vy);
    options.gr4vy = resolved.options;
    credentials.gr4vy = resolved.credentials;
  }
  const jackpot = given<SandboxJackpotOptions>("jackpot");
  if (jackpot) {
    options.jackpot = {
      ...jackpot,
      apiKey: jackpot.apiKey ?? `jackpot_test_${hex(8)}`,
      apiSignature: jackpot.apiSignature ?? secret(),
    };
    credentials.jackpot = {
      apiKey: options.jackpot.apiKey,
      apiSignature: options.jackpot.apiSignature,
    };
  }
  const merchant = wanted.merchantApi;
  if (merchant !== undefined) {
    if (typeof merchant === "object" && merchant !== null && "router" in merchant) {
      const built = merchant as MerchantApiSandbox;
      options.merchantApi = built;
      const { merchantId, email, password, apiKey } = built.options;
      credentials.merchantApi = { merchantId, email, password, ...(apiKey ? { apiKey } : {}) };
    } else {
      const m = merchant === true ? {} : (merchant as Partial<SandboxMerchantApiOptions>);
      const resolved: SandboxMerchantApiOptions = {
        ...m,
        merchantId: m.merchantId ?? SANDBOX_DEFAULT_IDS.merchantId,
        email: m.email ?? SANDBOX_DEFAULT_IDS.merchantEmail,
        password: m.password ?? randomBytes(18).toString("base64url"),
        apiKey: m.apiKey ?? `mk_test_${hex(16)}`,
      };
      options.merchantApi = resolved;
      const { merchantId, email, password, apiKey } = resolved;
      credentials.merchantApi = { merchantId, email, password, ...(apiKey ? { apiKey } : {}) };
    }
  }
  return { options, credentials };
}
