import { WidgetTokensOptionError } from "../errors.js";
import { type Logger, isLogger } from "../logger.js";
import { type Store, isStore } from "../stores/store.js";
import { readOptions } from "../validation/read-options.js";

interface CommonOptions {
  /** The provider's API base, e.g. https://api.merchant.example (a path prefix is kept). */
  baseUrl: string;
  /** Where the session and the renewal lock live. Default: `memoryStore()` (one process). Share a `redisStore()` between instances. */
  store?: Store | undefined;
  /** Deadline of each HTTP call to the provider, ms. Default 10000. */
  timeoutMs?: number | undefined;
  /** Refresh this long before the access token expires, ms. Default 60000. */
  refreshMarginMs?: number | undefined;
  /** Prefix of the store keys. Default "merchant-api:". */
  keyPrefix?: string | undefined;
  /** Where the few log lines go (no credential or token ever reaches it). Default: silent. */
  logger?: Logger | undefined;
}

interface SessionOnlyOptions {
  /**
   * After the provider refuses the credentials, answer every request with the
   * same error for this long (ms, shared through the store) instead of
   * trying again: a wrong password must not lock the account. Default 10000;
   * 0 tries on every renewal. A changed password is not held back.
   */
  loginFailureBackoffMs?: number | undefined;
}

/** Email and password: the client keeps a session (login, refresh, re-login). */
export interface MerchantApiPasswordOptions extends CommonOptions, SessionOnlyOptions {
  merchantId: string;
  email: string;
  password: string;
  apiKey?: undefined;
}

/** A persistent API key, sent as the `Api-key` header; no session. */
export interface MerchantApiKeyOptions extends CommonOptions {
  apiKey: string;
  merchantId?: undefined;
  email?: undefined;
  password?: undefined;
}

export type MerchantApiClientOptions = MerchantApiPasswordOptions | MerchantApiKeyOptions;

/** What both modes share, read and checked. */
interface MerchantApiCommonConfig {
  baseUrl: URL;
  timeoutMs: number;
  refreshMarginMs: number;
  keyPrefix: string;
  /** The merchant's store; undefined when the client makes (and owns) one. */
  store: Store | undefined;
  /** The merchant's logger, not yet redacting; undefined for silence. */
  logger: Logger | undefined;
}

/** The api-key mode, read and checked. */
export interface MerchantApiKeyConfig extends MerchantApiCommonConfig {
  mode: "apiKey";
  apiKey: string;
}

/** The session mode, read and checked. */
export interface MerchantApiSessionConfig extends MerchantApiCommonConfig {
  mode: "session";
  merchantId: string;
  email: string;
  password: string;
  loginFailureBackoffMs: number;
}

/** The scope every option error of `createMerchantApiClient` names. */
const OPT = "merchantApiClient";

/**
 * Read `createMerchantApiClient`'s options once: unknown keys, a missing
 * credential, both modes at once or neither throw a `WidgetTokensOptionError`
 * naming the option (`merchantApiClient.password`), never its value.
 *
 * @example
 * const config = readMerchantApiClientOptions({ baseUrl: "https://api.merchant.example", apiKey: "…" });
 * config.mode; // "apiKey"
 */
export function readMerchantApiClientOptions(
  options: unknown,
): MerchantApiKeyConfig | MerchantApiSessionConfig {
  const o = readOptions<MerchantApiClientOptions>(options, OPT, {
    baseUrl: true,
    store: true,
    timeoutMs: true,
    refreshMarginMs: true,
    keyPrefix: true,
    logger: true,
    loginFailureBackoffMs: true,
    merchantId: true,
    email: true,
    password: true,
    apiKey: true,
  });
  const baseUrl = o.url("baseUrl");
  const timeoutMs = o.number("timeoutMs", 10_000, { min: 1, max: 120_000 });
  const refreshMarginMs = o.number("refreshMarginMs", 60_000, { min: 0, max: 86_400_000 });
  const keyPrefix = o.optionalString("keyPrefix") ?? "merchant-api:";
  const store = o.value("store");
  if (store !== undefined && !isStore(store)) {
    throw o.fail("store", "must be a Store (get, set, acquireLock, releaseLock)");
  }
  const logger = o.value("logger");
  if (logger !== undefined && !isLogger(logger)) {
    throw o.fail("logger", "must have info, warn and error methods");
  }
  const common = { baseUrl, timeoutMs, refreshMarginMs, keyPrefix, store, logger };

  const hasKey = o.has("apiKey");
  const hasPassword = o.has("email") || o.has("password") || o.has("merchantId");
  if (hasKey && hasPassword) {
    throw new WidgetTokensOptionError(
      OPT,
      "takes either apiKey or merchantId/email/password, not both",
    );
  }
  if (!hasKey && !hasPassword) {
    throw new WidgetTokensOptionError(OPT, "needs apiKey, or merchantId, email and password");
  }
  if (hasKey) return { ...common, mode: "apiKey", apiKey: o.string("apiKey") };
  const loginFailureBackoffMs = o.number("loginFailureBackoffMs", 10_000, {
    min: 0,
    max: 3_600_000,
  });
  return {
    ...common,
    mode: "session",
    loginFailureBackoffMs,
    merchantId: o.string("merchantId"),
    email: o.string("email"),
    password: o.string("password"),
  };
}
