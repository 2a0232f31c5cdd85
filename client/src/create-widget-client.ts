import { createFluzWidget, type FluzWidget, type FluzWidgetOptions } from "./adapters/fluz.js";
import { createTokenApi, type TokenApiOptions } from "./token-api.js";

export interface WidgetClientOptions extends TokenApiOptions {
  /** The Fluz widget script and entry point (from the Fluz portal). */
  fluz?: FluzWidgetOptions;
}

export interface WidgetClient {
  fluz: FluzWidget;
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
  return {
    get fluz() {
      return fluz();
    },
    destroy() {
      for (const adapter of built) adapter.destroy();
    },
  };
}
