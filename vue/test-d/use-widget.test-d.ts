/**
 * Type tests for the Vue `useWidget`: `tsc` (npm run typecheck) checks this
 * file; every `@ts-expect-error` line must fail to compile, or the check fails.
 * (A Vitest test of types asserts nothing when it runs: type tests live here.)
 */
import type { WidgetClientError, WidgetState } from "@widget-tokens/client";
import type { FluzOpenOptions, FluzSession } from "@widget-tokens/client/fluz";
import { expectTypeOf } from "vitest";
import type { ComputedRef } from "vue";
import { useWidget } from "../src/index.js";

// The result is typed by provider.
type Result = ReturnType<typeof useWidget<"fluz">>;
expectTypeOf<Result["open"]>().toEqualTypeOf<
  (options: FluzOpenOptions) => Promise<FluzSession | undefined>
>();
expectTypeOf<Result["state"]>().toEqualTypeOf<ComputedRef<WidgetState>>();
expectTypeOf<Result["error"]>().toEqualTypeOf<ComputedRef<WidgetClientError | undefined>>();
expectTypeOf<Result["ready"]>().toEqualTypeOf<ComputedRef<boolean>>();
// @ts-expect-error: not a provider the bindings know
useWidget.bind(null, "stripe");
