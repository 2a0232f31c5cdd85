/**
 * Type tests for the React `useWidget`: `tsc` (npm run typecheck) checks this
 * file; every `@ts-expect-error` line must fail to compile, or the check fails.
 * (A Vitest test of types asserts nothing when it runs: type tests live here.)
 */
import type { FluzOpenOptions, FluzSession } from "@widget-tokens/client/fluz";
import type { ImpactMount, ImpactMountOptions } from "@widget-tokens/client/impact";
import { expectTypeOf } from "vitest";
import { useWidget } from "../src/index.js";

// open() is typed by provider.
type Open<Id extends "fluz" | "impact" | "gr4vy"> = ReturnType<typeof useWidget<Id>>["open"];
expectTypeOf<Open<"fluz">>().toEqualTypeOf<
  (options: FluzOpenOptions) => Promise<FluzSession | undefined>
>();
expectTypeOf<Open<"impact">>().parameters.toEqualTypeOf<
  [target: string | HTMLElement, options: ImpactMountOptions]
>();
expectTypeOf<Open<"impact">>().returns.resolves.toEqualTypeOf<ImpactMount | undefined>();
expectTypeOf<Open<"gr4vy">>().returns.resolves.exclude<undefined>().toHaveProperty("submit");
// @ts-expect-error: not a provider the bindings know
useWidget.bind(null, "stripe");
