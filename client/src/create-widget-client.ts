import { type FluzWidget, type FluzWidgetOptions, createFluzWidget } from "./adapters/fluz.js";
import { type Gr4vyWidget, type Gr4vyWidgetOptions, createGr4vyWidget } from "./adapters/gr4vy.js";
import {
  type ImpactWidget,
  type ImpactWidgetOptions,
  createImpactWidget,
} from "./adapters/impact.js";
import {
  type JackpotWidget,
  type JackpotWidgetOptions,
  createJackpotWidget,
} from "./adapters/jackpot.js";
import { type TokenApiOptions, createTokenApi } from "./token-api.js";

export interface WidgetClientOptions extends TokenApiOptions {
  /** The Fluz widget script and entry point (from the Fluz portal). */
  fluz?: FluzWidgetOptions;
  /** Gr4vy Embed: instance id, environment, script URL (defaults from the server's answer). */
  gr4vy?: Gr4vyWidgetOptions;
  /** impact.com: tenant alias, squatch-js URL, widget API domain. */
  impact?: ImpactWidgetOptions;
  /** Jackpot: the voucher widget page (`iframeUrl`) or script (`scriptUrl`). */
  jackpot?: JackpotWidgetOptions;
}

export interface WidgetClient {
  fluz: FluzWidget;
  gr4vy: Gr4vyWidget;
  impact: ImpactWidget;
  jackpot: JackpotWidget;
  /** Close every widget and drop every listener. */
  destroy(): void;
}

/**
 * One client for every provider the page uses. Adapters are built on first
 * use; nothing touches the DOM until a widget opens.
 *
 * @example
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", fluz: { scriptUrl } });
 * widgets.fluz.on("success", () => location.reload());
 * await widgets.fluz.open({ amount: "50.00", transactionType: "WITHDRAW" });
 */
export function createWidgetClient(options: WidgetClientOptions): WidgetClient {
  if (!options || typeof options.endpoint !== "string" || options.endpoint.length === 0) {
    throw new TypeError('createWidgetClient: option "endpoint" is required');
  }
  const api = createTokenApi(options);
  const built: { destroy(): void }[] = [];
  const lazy = <T extends { destroy(): void }>(make: () => T): (() => T) => {
    let value: T | undefined;
    return () => {
      if (value === undefined) {
        value = make();
        built.push(value);
      }
      return value;
    };
  };
  const fluz = lazy(() => createFluzWidget(api, options.fluz));
  const gr4vy = lazy(() => createGr4vyWidget(api, options.gr4vy));
  const impact = lazy(() => createImpactWidget(api, options.impact));
  const jackpot = lazy(() => createJackpotWidget(api, options.jackpot));
  return {
    get fluz() {
      return fluz();
    },
    get gr4vy() {
      return gr4vy();
    },
    get impact() {
      return impact();
    },
    get jackpot() {
      return jackpot();
    },
    destroy() {
      for (const adapter of built) adapter.destroy();
    },
  };
}
