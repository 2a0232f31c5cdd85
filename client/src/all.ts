/**
 * `@widget-tokens/client/all`: the all-in-one client of 0.1 (every adapter,
 * configured by key), for code written before the providers became
 * separate imports. It bundles all four adapters: prefer
 * `createWidgetClient` from `@widget-tokens/client` with only the
 * providers a page uses.
 */
import { type FluzWidget, type FluzWidgetOptions, fluz } from "./adapters/fluz.js";
import { type Gr4vyWidget, type Gr4vyWidgetOptions, gr4vy } from "./adapters/gr4vy.js";
import { type ImpactWidget, type ImpactWidgetOptions, impact } from "./adapters/impact.js";
import { type JackpotWidget, type JackpotWidgetOptions, jackpot } from "./adapters/jackpot.js";
import { createWidgetClient as createClient } from "./create-widget-client.js";
import type { TokenApiOptions } from "./token-api.js";

export interface AllWidgetsOptions extends TokenApiOptions {
  /** The Fluz widget script and entry point (from the Fluz portal). */
  fluz?: FluzWidgetOptions;
  /** Gr4vy Embed: instance id, environment, script URL (defaults from the server's answer). */
  gr4vy?: Gr4vyWidgetOptions;
  /** impact.com: tenant alias, squatch-js URL, widget API domain. */
  impact?: ImpactWidgetOptions;
  /** Jackpot: the voucher widget page (`iframeUrl`) or script (`scriptUrl`). */
  jackpot?: JackpotWidgetOptions;
}

/** Every adapter, and `destroy()`. */
export interface AllWidgetsClient {
  fluz: FluzWidget;
  gr4vy: Gr4vyWidget;
  impact: ImpactWidget;
  jackpot: JackpotWidget;
  /** Close every widget and drop every listener. */
  destroy(): void;
}

/**
 * The 0.1 client: every provider, each configured by its key.
 *
 * @example
 * import { createWidgetClient } from "@widget-tokens/client/all";
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", fluz: { scriptUrl } });
 * await widgets.fluz.open({ amount: "50.00", transactionType: "WITHDRAW" });
 */
export function createWidgetClient(options: AllWidgetsOptions): AllWidgetsClient {
  const o = options ?? ({} as AllWidgetsOptions);
  return createClient({
    endpoint: o.endpoint,
    headers: o.headers,
    fetch: o.fetch,
    timeoutMs: o.timeoutMs,
    // fluz() checks its scriptUrl when a widget opens, as the 0.1 client did.
    providers: [
      fluz(o.fluz as FluzWidgetOptions),
      gr4vy(o.gr4vy),
      impact(o.impact),
      jackpot(o.jackpot),
    ],
  });
}
