import { UpstreamError } from "../errors.js";

/** Why the merchant API session could not be opened or renewed. */
export type MerchantApiAuthReason =
  /** The provider refused the email, password or merchant id (a 401/403 on login). */
  | "INVALID_CREDENTIALS"
  /** The provider answered the login or refresh with something unusable. */
  | "INVALID_AUTH_RESPONSE"
  /** Another instance held the renewal lock and no renewed session appeared in time. */
  | "RENEWAL_TIMEOUT";

/**
 * The session of a `createMerchantApiClient` could not be obtained. A wrong
 * password is `reason: "INVALID_CREDENTIALS"` (HTTP 502, `UPSTREAM_REJECTED`,
 * `upstreamCode` = the provider's code); the client does not retry it. The
 * message never carries a credential or a token.
 *
 * @example
 * try { await client.request("POST", "/v2/customer/create", body); }
 * catch (err) { if (err instanceof MerchantApiAuthError && err.reason === "INVALID_CREDENTIALS") alertOps(); }
 */
export class MerchantApiAuthError extends UpstreamError {
  override readonly name = "MerchantApiAuthError";
  readonly reason: MerchantApiAuthReason;

  constructor(reason: MerchantApiAuthReason, message: string, upstreamCode?: string) {
    super(
      reason === "RENEWAL_TIMEOUT"
        ? "UPSTREAM_TIMEOUT"
        : reason === "INVALID_CREDENTIALS"
          ? "UPSTREAM_REJECTED"
          : "UPSTREAM_ERROR",
      message,
      { upstreamCode },
    );
    this.reason = reason;
  }
}

const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * The provider's error code from an error body, if it has a short, safe one:
 * `code`, `name`, `error` (a string) or `error.code` / `error.name`. Never
 * anything that could be a token.
 */
export function providerErrorCode(body: unknown): string | undefined {
  for (const candidate of codeCandidates(body)) {
    if (
      typeof candidate === "string" &&
      SAFE_CODE.test(candidate) &&
      !candidate.startsWith("eyJ")
    ) {
      return candidate;
    }
  }
  return undefined;
}

/** Whether an error body names `code` anywhere the provider puts its codes. */
export function hasProviderCode(body: unknown, code: string): boolean {
  return codeCandidates(body).some((c) => c === code);
}

function codeCandidates(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null) return [];
  const b = body as Record<string, unknown>;
  const out: unknown[] = [b.code, b.name, b.errorCode, b.type];
  if (typeof b.error === "string") out.push(b.error);
  else if (typeof b.error === "object" && b.error !== null) {
    const e = b.error as Record<string, unknown>;
    out.push(e.code, e.name, e.errorCode, e.type);
  }
  return out;
}
