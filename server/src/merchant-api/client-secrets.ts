import type { MerchantApiClient } from "./client-interface.js";

/** Shared by every copy of the package, so a client made by another copy still tells. */
const SECRETS = Symbol.for("widget-tokens.merchantApi.secrets");

/**
 * Attach to a client what it must never let out: its password or API key,
 * and the session's current access and refresh tokens. Not enumerable, not
 * part of the public interface: the middleware reads it to redact its log
 * lines and to refuse a relayed answer that echoes one of them.
 *
 * @example
 * return withSecrets(client, () => [apiKey]);
 */
export function withSecrets<T extends MerchantApiClient>(
  client: T,
  secrets: () => readonly string[],
): T {
  Object.defineProperty(client, SECRETS, { value: secrets });
  return client;
}

/**
 * What a client made by `createMerchantApiClient` must never let out (empty
 * for a client of the merchant's own making).
 *
 * @example
 * clientSecrets(createMerchantApiClient({ baseUrl, apiKey: "mk_…" })); // ["mk_…"]
 */
export function clientSecrets(client: MerchantApiClient): readonly string[] {
  const secrets = (client as { [SECRETS]?: unknown })[SECRETS];
  return typeof secrets === "function" ? (secrets as () => readonly string[])() : [];
}
