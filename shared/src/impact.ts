/** Body of `POST /impact/user-token`: only a locale may be asked for. */
export interface ImpactTokenRequest {
  /** Like `en_US` (see `IMPACT_LOCALE`). Default: the user's own locale, if any. */
  locale?: string;
}

/** 201 answer of `POST /impact/user-token`. */
export interface ImpactTokenResponse {
  token: string;
  /**
   * The token's `jti`: the key of its ledger entry, which impact.com's
   * notification that the widget verified the user settles.
   */
  jti: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** The `user` claim of an impact.com (SaaSquatch) user JWT. */
export interface ImpactUserClaim {
  id: string;
  accountId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  locale?: string;
}

/**
 * Payload of an impact.com user JWT: `{user, exp}` as impact.com documents
 * it, plus a fresh UUID v4 `jti` (the design's rule for every minted token;
 * impact.com ignores claims it does not know): the key of the token's
 * ledger entry.
 */
export interface ImpactUserClaims {
  user: ImpactUserClaim;
  jti: string;
  exp: number;
}

/** A locale squatch-js and impact.com accept: `en_US`, `fr_CA`, `es_419`. */
export const IMPACT_LOCALE = /^[a-z]{2}_(?:[A-Z]{2}|[0-9]{3})$/;

/** A widget type: `p/<program>/w/<widget>` (or a classic `w/<widget>`). */
export const IMPACT_WIDGET_TYPE = /^(?:p\/[\w-]{1,100}\/)?w\/[\w-]{1,100}$/;

/** The header open-endpoint calls carry the user JWT in. */
export const IMPACT_USER_TOKEN_HEADER = "X-SaaSquatch-User-Token";

/** Where impact.com serves squatch-js (the vendor CDN). */
export const IMPACT_SQUATCH_JS_URL = "https://fast.ssqt.io/squatch-js@2";
