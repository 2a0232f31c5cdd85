/**
 * Type tests of the error families: each subclass takes only its family's
 * codes and carries only its own fields. `tsc` checks this file; every
 * `@ts-expect-error` must meet an error.
 */
import { expectTypeOf } from "vitest";
import {
  AccessError,
  type ErrorCode,
  LedgerError,
  RateLimitedError,
  RequestError,
  type RequestErrorCode,
  UpstreamError,
  WidgetTokensError,
} from "../src/index.js";

expectTypeOf(
  new RequestError("INVALID_REQUEST", "m", { field: "amount" }).code,
).toEqualTypeOf<RequestErrorCode>();
expectTypeOf(new RequestError("INVALID_REQUEST", "m").field).toEqualTypeOf<string | undefined>();
expectTypeOf(new RateLimitedError("m", 5).retryAfter).toEqualTypeOf<number>();
expectTypeOf(new UpstreamError("UPSTREAM_TIMEOUT", "m").upstreamCode).toEqualTypeOf<
  string | undefined
>();
expectTypeOf(new WidgetTokensError("FORBIDDEN", "m").code).toEqualTypeOf<ErrorCode>();
expectTypeOf<RequestError>().toMatchTypeOf<WidgetTokensError>();

// @ts-expect-error a request error cannot carry an upstream code
new RequestError("UPSTREAM_ERROR", "m");
// @ts-expect-error an access error is 401/403, never a 400
new AccessError("INVALID_REQUEST", "m");
// @ts-expect-error a ledger error is a ledger code
new LedgerError("FORBIDDEN", "m");
// @ts-expect-error upstreamCode belongs to UpstreamError
new RequestError("INVALID_REQUEST", "m", { upstreamCode: "X" });
// @ts-expect-error field belongs to RequestError (and LedgerError), not UpstreamError
new UpstreamError("UPSTREAM_ERROR", "m", { field: "amount" });
// @ts-expect-error retryAfter is not on the generic error: narrow to RateLimitedError
new WidgetTokensError("RATE_LIMITED", "m").retryAfter;
// @ts-expect-error not a code
new WidgetTokensError("TEAPOT", "m");
