/**
 * Type tests for `createWidgetClient`: `tsc` (npm run typecheck) checks this
 * file; every `@ts-expect-error` line must fail to compile, or the check fails.
 */
import { expectTypeOf } from "vitest";
import { createWidgetClient as createAll } from "../src/all.js";
import { type FluzSession, type FluzWidget, fluz } from "../src/fluz.js";
import { type Gr4vyWidget, gr4vy } from "../src/gr4vy.js";
import { type ImpactWidget, impact } from "../src/impact.js";
import {
  type WidgetClient,
  type WidgetClientError,
  type WidgetProvider,
  type WidgetState,
  createWidgetClient,
} from "../src/index.js";
import { type JackpotWidget, jackpot } from "../src/jackpot.js";

const scriptUrl = "https://widgets.example/fluz.js";

export async function onlyFluz() {
  const widgets = createWidgetClient({
    endpoint: "/widget-tokens",
    providers: [fluz({ scriptUrl })],
  });
  expectTypeOf(widgets.fluz).toEqualTypeOf<FluzWidget>();
  expectTypeOf(
    await widgets.fluz.open({ amount: "50.00", transactionType: "WITHDRAW" }),
  ).toEqualTypeOf<FluzSession>();
  expectTypeOf(widgets.fluz.state).toEqualTypeOf<WidgetState>();
  expectTypeOf(widgets.fluz.error).toEqualTypeOf<WidgetClientError | undefined>();
  widgets.fluz.on("state", ({ state, error }) => {
    expectTypeOf(state).toEqualTypeOf<WidgetState>();
    expectTypeOf(error).toEqualTypeOf<WidgetClientError | undefined>();
  });
  widgets.destroy();
  // @ts-expect-error impact was not configured
  widgets.impact.mount("#referrals", { widget: "p/a/w/b" });
  // @ts-expect-error nor gr4vy
  widgets.gr4vy;
  // @ts-expect-error nor jackpot
  widgets.jackpot;
  // @ts-expect-error the client is read-only
  widgets.fluz = createWidgetClient({ endpoint: "/w", providers: [fluz({ scriptUrl })] }).fluz;
}

export function everyProvider() {
  const widgets = createWidgetClient({
    endpoint: "/widget-tokens",
    providers: [
      fluz({ scriptUrl }),
      impact({ tenantAlias: "shop" }),
      gr4vy(),
      jackpot({ iframeUrl: "/j" }),
    ],
  });
  expectTypeOf(widgets.impact).toEqualTypeOf<ImpactWidget>();
  expectTypeOf(widgets.gr4vy).toEqualTypeOf<Gr4vyWidget>();
  expectTypeOf(widgets.jackpot).toEqualTypeOf<JackpotWidget>();
  expectTypeOf(widgets).toEqualTypeOf<
    WidgetClient<
      [
        WidgetProvider<"fluz", FluzWidget>,
        WidgetProvider<"impact", ImpactWidget>,
        WidgetProvider<"gr4vy", Gr4vyWidget>,
        WidgetProvider<"jackpot", JackpotWidget>,
      ]
    >
  >();
}

export function mistakes() {
  // @ts-expect-error providers is required
  createWidgetClient({ endpoint: "/widget-tokens" });
  // @ts-expect-error the 0.1 shape (options by key) is the all-in-one entry's
  createWidgetClient({ endpoint: "/widget-tokens", providers: [], fluz: { scriptUrl } });
  // @ts-expect-error a provider is a factory's result, not its options
  createWidgetClient({ endpoint: "/widget-tokens", providers: [{ scriptUrl }] });
  // @ts-expect-error fluz needs its script
  fluz();
  // @ts-expect-error a misspelled option
  impact({ tenantAlais: "shop" });
  const widgets = createWidgetClient({ endpoint: "/w", providers: [jackpot()] });
  // @ts-expect-error Jackpot's open takes an amount
  widgets.jackpot.open({ value: 25 });
}

export function allInOne() {
  const widgets = createAll({ endpoint: "/widget-tokens", fluz: { scriptUrl } });
  expectTypeOf(widgets.fluz).toEqualTypeOf<FluzWidget>();
  expectTypeOf(widgets.impact).toEqualTypeOf<ImpactWidget>();
}
