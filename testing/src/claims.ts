import {
  SANDBOX_PROVIDERS,
  SANDBOX_PROVIDER_INFO,
  type SandboxProviderId,
} from "@widget-tokens/sandbox";
import type {
  FluzPatClaims,
  Gr4vyEmbedClaims,
  ImpactUserClaims,
  JackpotInitClaims,
} from "@widget-tokens/shared";

/** Claims of the merchant API's own access (and refresh) tokens, as the sandbox issues them. */
export interface MerchantApiTokenClaims {
  /** The merchant account's email. */
  sub: string;
  merchant_id: string;
  typ: "access" | "refresh";
  jti: string;
  iat: number;
  exp: number;
}

/**
 * The claims `widgetTokens.received(provider)` resolves, per provider, for
 * the token kind it waits for by default: the Fluz `patToken`, the
 * impact.com user JWT, the Gr4vy Embed token, the Jackpot initialization
 * token (the assertion the merchant's server exchanges), the merchant API's
 * access token.
 */
export interface ProviderClaims extends Record<SandboxProviderId, unknown> {
  fluz: FluzPatClaims;
  impact: ImpactUserClaims;
  gr4vy: Gr4vyEmbedClaims;
  jackpot: JackpotInitClaims;
  merchantApi: MerchantApiTokenClaims;
}

/** The token kind each provider's stand-in records for the widget's own token. */
export const DEFAULT_TOKEN_KINDS = Object.fromEntries(
  SANDBOX_PROVIDERS.map((id) => [id, SANDBOX_PROVIDER_INFO[id].tokenKind]),
) as Readonly<Record<keyof ProviderClaims, string>>;
