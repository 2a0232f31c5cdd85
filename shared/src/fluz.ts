import type { FluzTransactionType } from "./providers.js";

/** Body of `POST /fluz/pat-token`. */
export interface FluzTokenRequest {
  amount: number | string;
  transactionType: FluzTransactionType;
}

/** 201 answer of `POST /fluz/pat-token`. */
export interface FluzTokenResponse {
  token: string;
  jti: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** Claims of a Fluz pre-approved transaction token (`patToken`). */
export interface FluzPatClaims {
  amount: number;
  apiKey: string;
  transactionType: FluzTransactionType;
  externalId: string;
  jti: string;
  iat: number;
  exp: number;
}
