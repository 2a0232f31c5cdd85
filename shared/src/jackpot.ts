/** Body of `POST /jackpot/session-token`. */
export interface JackpotSessionTokenRequest {
  /** The amount to convert, in major units: 25, "25.00". */
  amount: number | string;
}

/** 201 answer of `POST /jackpot/session-token`. */
export interface JackpotSessionTokenResponse {
  /** The provider's session token: opens the voucher widget once. */
  sessionToken: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * Claims of the one-time initialization token (HS256 with `apiSignature`)
 * that the server exchanges for a session token.
 */
export interface JackpotInitClaims {
  amount: number;
  /** Zip code; "99" when anonymous. */
  cp: string;
  /** Age in years; 99 when anonymous. */
  age: number;
  gender?: string;
  userId: string;
  iat: number;
  /** Fresh and random per token; the provider's notifications carry it back. */
  notificationKey: string;
}

/** The OAuth 2.0 JWT-bearer grant type (RFC 7523) of the v2 token API. */
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** Anonymous defaults of the profile claims. */
export const JACKPOT_ANONYMOUS = { cp: "99", age: 99 } as const;
