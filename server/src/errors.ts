import { ERROR_STATUS, type ErrorCode } from "@widget-tokens/shared";

/**
 * What the generic constructor takes. `field`, `retryAfter` and
 * `upstreamCode` still reach the answer when given here, but each belongs to
 * one family: prefer `RequestError` (field), `RateLimitedError`
 * (retryAfter) and `UpstreamError` (upstreamCode).
 */
export interface WidgetTokensErrorDetails {
  /** @deprecated throw a `RequestError` (or `invalidRequest(field, message)`). */
  field?: string | undefined;
  /** @deprecated throw a `RateLimitedError`. */
  retryAfter?: number | undefined;
  /** @deprecated throw an `UpstreamError`. */
  upstreamCode?: string | undefined;
  cause?: unknown | undefined;
}

/** What an error adds to its JSON answer: the body's `field` and `upstreamCode`, `Retry-After`. */
export interface WireDetails {
  field?: string | undefined;
  upstreamCode?: string | undefined;
  retryAfter?: number | undefined;
}

/** Details given to the generic constructor, kept off the instance (each family carries its own). */
const given = new WeakMap<WidgetTokensError, WireDetails>();

/**
 * Every error request handling throws, jose-style: a stable public `code`,
 * and `status` read from the one code-to-HTTP table (`ERROR_STATUS`). Each
 * family of codes has its own subclass carrying only its own fields
 * (`RequestError`'s `field`, `RateLimitedError`'s `retryAfter`,
 * `UpstreamError`'s `upstreamCode`…): narrow with `instanceof`.
 *
 * @example
 * throw new WidgetTokensError("FORBIDDEN", "You can withdraw at most $240.00.");
 * if (err instanceof WidgetTokensError && err.status >= 500) alertOps(err.code);
 */
export class WidgetTokensError extends Error {
  override readonly name: string = "WidgetTokensError";
  readonly code: ErrorCode;
  /** The HTTP status of the answer: `ERROR_STATUS[code]`. */
  readonly status: number;

  constructor(code: ErrorCode, message: string, details: WidgetTokensErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    const { field, retryAfter, upstreamCode } = details;
    if (field !== undefined || retryAfter !== undefined || upstreamCode !== undefined) {
      given.set(this, { field, retryAfter, upstreamCode });
    }
  }
}

/** The codes of each family: every `ErrorCode` is in exactly one. */
export type RequestErrorCode = Extract<
  ErrorCode,
  | "INVALID_REQUEST"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "REQUEST_TIMEOUT"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
>;
export type AccessErrorCode = Extract<
  ErrorCode,
  "UNAUTHENTICATED" | "NO_CREDENTIALS" | "FORBIDDEN" | "ORIGIN_NOT_ALLOWED"
>;
export type IdempotencyErrorCode = Extract<
  ErrorCode,
  "IDEMPOTENCY_IN_PROGRESS" | "IDEMPOTENCY_KEY_REUSED"
>;
export type UpstreamErrorCode = Extract<
  ErrorCode,
  "UPSTREAM_ERROR" | "UPSTREAM_REJECTED" | "UPSTREAM_UNAVAILABLE" | "UPSTREAM_TIMEOUT"
>;
export type LedgerErrorCode = Extract<
  ErrorCode,
  `LEDGER_${string}` | `GR4VY_TRANSACTION_${string}`
>;
export type NotificationErrorCode = Extract<ErrorCode, `NOTIFICATION_${string}`>;
export type ServiceErrorCode = Extract<ErrorCode, "SHUTTING_DOWN" | "INTERNAL_ERROR">;

/** A code no family claims is a compile error here. */
type Unclaimed = Exclude<
  ErrorCode,
  | RequestErrorCode
  | AccessErrorCode
  | IdempotencyErrorCode
  | UpstreamErrorCode
  | LedgerErrorCode
  | NotificationErrorCode
  | ServiceErrorCode
  | "RATE_LIMITED"
  | "STORE_UNAVAILABLE"
>;
const everyCodeHasAFamily: [Unclaimed] extends [never] ? true : Unclaimed = true;
void everyCodeHasAFamily;

/**
 * What each family's class shares: its code narrowed to the family's codes.
 * Not exported: a family is one of the classes below.
 */
abstract class FamilyError<C extends ErrorCode> extends WidgetTokensError {
  declare readonly code: C;

  constructor(code: C, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * The client's request is at fault (4xx): a bad field (`field` names it), a
 * body too large, slow or not JSON, an unknown route or method.
 *
 * @example
 * throw new RequestError("INVALID_REQUEST", "amount must be at most 10000", { field: "amount" });
 */
export class RequestError extends FamilyError<RequestErrorCode> {
  override readonly name: string = "RequestError";
  /** The request field at fault (`INVALID_REQUEST`). */
  readonly field: string | undefined;

  constructor(
    code: RequestErrorCode,
    message: string,
    options: { field?: string | undefined; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.field = options.field;
  }
}

/** Who is asking, or from where, is refused: 401 (nobody signed in, no credentials) or 403. */
export class AccessError extends FamilyError<AccessErrorCode> {
  override readonly name: string = "AccessError";
}

/** Over a rate limit (429): `retryAfter` seconds until a retry may succeed. */
export class RateLimitedError extends FamilyError<"RATE_LIMITED"> {
  override readonly name: string = "RateLimitedError";
  /** Seconds until a retry may succeed (the `Retry-After` header). */
  readonly retryAfter: number;

  constructor(message: string, retryAfter: number) {
    super("RATE_LIMITED", message);
    this.retryAfter = retryAfter;
  }
}

/** An `Idempotency-Key` is still in progress (409) or reused for another request (422). */
export class IdempotencyError extends FamilyError<IdempotencyErrorCode> {
  override readonly name: string = "IdempotencyError";
}

/**
 * A provider failed (502) or was too slow (504); `upstreamCode` is the
 * provider's own error code, when it sent a short, safe one.
 */
export class UpstreamError extends FamilyError<UpstreamErrorCode> {
  override readonly name: string = "UpstreamError";
  /** The provider's own error code (`UPSTREAM_REJECTED`). */
  readonly upstreamCode: string | undefined;

  constructor(
    code: UpstreamErrorCode,
    message: string,
    options: { upstreamCode?: string | undefined; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.upstreamCode = options.upstreamCode;
  }
}

/** The shared store could not be reached in time (503); `cause` says why, for the log. */
export class StoreError extends FamilyError<"STORE_UNAVAILABLE"> {
  override readonly name: string = "StoreError";

  constructor(message: string, options: { cause?: unknown } = {}) {
    super("STORE_UNAVAILABLE", message, options);
  }
}

/**
 * The one answer a client gets when the store is down: it says nothing
 * about the backend; the reason stays in `cause`, for the log.
 */
export function storeUnavailable(cause?: unknown): StoreError {
  return new StoreError("The shared store is unavailable; try again shortly", { cause });
}

/**
 * A ledger lookup or settlement was refused (404, 409, 410, 422), a Gr4vy
 * transaction checked against its entry included (`GR4VY_TRANSACTION_*`).
 */
export class LedgerError extends FamilyError<LedgerErrorCode> {
  override readonly name: string = "LedgerError";
  /** The transaction's field that disagrees with the entry (`GR4VY_TRANSACTION_MISMATCH`). */
  readonly field: string | undefined;

  constructor(
    code: LedgerErrorCode,
    message: string,
    options: { field?: string | undefined } = {},
  ) {
    super(code, message);
    this.field = options.field;
  }
}

/** A provider notification is unsigned, wrongly signed or stale (401). */
export class NotificationError extends FamilyError<NotificationErrorCode> {
  override readonly name: string = "NotificationError";
}

/** The middleware itself cannot serve: draining (503 `SHUTTING_DOWN`), or a bug (500). */
export class ServiceError extends FamilyError<ServiceErrorCode> {
  override readonly name: string = "ServiceError";
}

/**
 * What an error adds to its answer: each family's own field, or what the
 * generic constructor was given.
 */
export function wireDetails(error: WidgetTokensError): WireDetails {
  if (error instanceof RequestError || error instanceof LedgerError) return { field: error.field };
  if (error instanceof UpstreamError) return { upstreamCode: error.upstreamCode };
  if (error instanceof RateLimitedError) return { retryAfter: error.retryAfter };
  return given.get(error) ?? {};
}

/** A 400 naming the field at fault. */
export function invalidRequest(field: string, message: string): RequestError {
  return new RequestError("INVALID_REQUEST", message, { field });
}

/**
 * Thrown at construction when an option is missing or malformed. The message
 * names the option path (`providers.fluz.apiSecret`), never its value. A
 * `TypeError`, as Node's own `ERR_INVALID_ARG_*` errors are: a programming
 * error at start-up, with no HTTP status (it never reaches a response).
 */
export class WidgetTokensOptionError extends TypeError {
  override readonly name: string = "WidgetTokensOptionError";
  readonly code = "ERR_INVALID_OPTION";
  readonly option: string;

  constructor(option: string, message: string) {
    super(`widget-tokens: option "${option}" ${message}`);
    this.option = option;
  }
}
