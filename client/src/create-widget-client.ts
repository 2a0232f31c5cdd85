import type { WidgetAdapter } from "./adapters/adapter-core.js";
import { createTokenApi } from "./create-token-api.js";
import type { TokenApiOptions } from "./token-api.js";
import type { WidgetProvider } from "./widget-provider.js";

/** `createWidgetClient`'s options: where the server is, and the providers the page uses. */
export interface WidgetClientOptions<P extends readonly WidgetProvider[]> extends TokenApiOptions {
  /** One factory call per provider: `[fluz({ scriptUrl }), impact({ tenantAlias })]`. */
  providers: P;
}

/**
 * One property per configured provider, named by its id and typed by its
 * factory (`widgets.fluz` exists only when `fluz()` was given), and `destroy()`.
 */
export type WidgetClient<P extends readonly WidgetProvider[]> = {
  readonly [W in P[number] as W["id"]]: ReturnType<W["create"]>;
} & {
  /** Close every widget built so far, abort what is pending, drop every listener. */
  destroy(): void;
};

/**
 * One client for the providers the page uses, and only those: each comes
 * from its own subpath, so a bundler drops the others. Adapters are built on
 * first use; nothing touches the DOM until a widget opens, so it is safe to
 * call during server-side rendering.
 *
 * @example
 * import { createWidgetClient } from "@widget-tokens/client";
 * import { fluz } from "@widget-tokens/client/fluz";
 *
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [fluz({ scriptUrl })] });
 * widgets.fluz.on("success", () => location.reload());
 * await widgets.fluz.open({ amount: "50.00", transactionType: "WITHDRAW" });
 */
export function createWidgetClient<const P extends readonly WidgetProvider[]>(
  options: WidgetClientOptions<P>,
): WidgetClient<P> {
  const fail = (message: string) => new TypeError(`createWidgetClient: ${message}`);
  if (!options || typeof options.endpoint !== "string" || options.endpoint.length === 0) {
    throw fail('option "endpoint" is required');
  }
  if (!Array.isArray(options.providers)) {
    throw fail(
      'option "providers" is required, e.g. providers: [fluz({ scriptUrl })] with import { fluz } from "@widget-tokens/client/fluz" (the all-in-one client is "@widget-tokens/client/all")',
    );
  }
  const api = createTokenApi(options);
  const built: WidgetAdapter[] = [];
  const client = {
    destroy() {
      for (const adapter of built) adapter.destroy();
    },
  };
  for (const provider of options.providers) {
    const id = provider?.id;
    if (typeof id !== "string" || id in client) {
      throw fail(`provider ${JSON.stringify(id)} is not a provider, or given twice`);
    }
    let adapter: WidgetAdapter | undefined;
    Object.defineProperty(client, id, {
      enumerable: true,
      get() {
        if (adapter === undefined) {
          const made: WidgetAdapter = provider.create(api);
          built.push(made);
          adapter = made;
        }
        return adapter;
      },
    });
  }
  return client as WidgetClient<P>;
}
