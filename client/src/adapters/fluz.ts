import type { FluzTransactionType, TokenResponse } from "@widget-tokens/shared";
import { loadScript } from "../load-script.js";
import type { TokenApi } from "../token-api.js";
import type { WidgetProvider } from "../widget-provider.js";
import {
  type AdapterMethods,
  type Modal,
  type ProviderEvent,
  type WidgetAdapter,
  createAdapterCore,
  live,
  modalSlot,
  scriptGlobal,
  widgetError,
} from "./adapter-core.js";
import { prefetchedToken } from "./prefetched-token.js";

/** Where the Fluz widget script lives and what it exposes (from the Fluz portal). */
export interface FluzWidgetOptions {
  /** URL of the Fluz widget script. */
  scriptUrl: string;
  /** Global the script defines. Default "FluzWidget". */
  entry?: string;
  /** CSP nonce for the script tag. */
  nonce?: string;
}

export interface FluzOpenOptions {
  /** Dollars and cents: 50, "50.00". */
  amount: number | string;
  transactionType: FluzTransactionType;
  /** Reuse to get the same token back instead of a second pre-authorization. */
  idempotencyKey?: string;
}

/** The handle of an open Fluz modal. */
export interface FluzSession {
  jti: string;
  close(): void;
}

/** What the Fluz script's global offers. */
interface FluzGlobal {
  open(options: { token: string; onEvent: ProviderEvent }): Modal;
}

export interface FluzWidget extends WidgetAdapter {
  /**
   * Fetch a patToken for the signed-in user and open the Fluz modal with it.
   *
   * @example
   * const session = await widgets.fluz.open({ amount: "50.00", transactionType: "WITHDRAW" });
   */
  open(options: FluzOpenOptions): Promise<FluzSession>;
  /**
   * Get ready for a likely click (the button hovered or focused): load the
   * Fluz script and, given the click's options, fetch its patToken, which the
   * next `open` with the same options takes (once; within a minute and a
   * tenth of its life, with 30 s of life left, or `open` fetches a new one).
   * Nothing is reported: a failure (say, a 401 on a signed-out page) stays
   * silent until `open`, and stops prefetching until then.
   *
   * @example
   * button.addEventListener("pointerover", () => widgets.fluz.prefetch({ amount: "50.00", transactionType: "DEPOSIT" }));
   */
  prefetch(options?: FluzOpenOptions): void;
  /** Close any open modal and drop every listener. */
  destroy(): void;
}

/**
 * The Fluz adapter on its own (tree-shakable); `createWidgetClient` wires it for you.
 *
 * @example
 * const fluz = createFluzWidget(createTokenApi({ endpoint: "/widget-tokens" }), { scriptUrl });
 * fluz.on("success", (e) => console.log(e.detail));
 */
export function createFluzWidget(
  api: TokenApi,
  options: FluzWidgetOptions | undefined,
): FluzWidget {
  const core = createAdapterCore("fluz", "Fluz widget");
  const show = modalSlot(core, "Fluz widget error");
  const tokens = prefetchedToken<TokenResponse<"fluz">>();
  core.onDestroy(tokens.clear);
  const entry = options?.entry ?? "FluzWidget";
  const script = () => {
    if (!options?.scriptUrl) throw widgetError("fluz.scriptUrl is not configured");
    return loadScript(options.scriptUrl, { nonce: options.nonce, global: entry });
  };
  const key = (open: FluzOpenOptions) =>
    JSON.stringify([open.amount, open.transactionType, open.idempotencyKey]);
  const token = (open: FluzOpenOptions, signal?: AbortSignal) => () =>
    api.post(
      "fluz",
      { amount: open.amount, transactionType: open.transactionType },
      { idempotencyKey: open.idempotencyKey, signal },
    );
  return Object.assign(core.adapter, {
    open: (open) =>
      core.run(async (signal) => {
        // The script first: unconfigured, it throws before a token is asked for.
        const [, patToken] = await Promise.all([
          script(),
          tokens.take(key(open), token(open, signal)),
        ]);
        live(signal);
        const global = scriptGlobal<FluzGlobal>(entry, "open", "Fluz");
        const modal = show((onEvent) => global.open({ token: patToken.token, onEvent }));
        return { jti: patToken.jti, close: () => modal.close() };
      }),
    prefetch(open) {
      if (!options?.scriptUrl) return;
      script().catch(() => {});
      if (open) tokens.prefetch(key(open), token(open));
    },
  } satisfies AdapterMethods<FluzWidget>);
}

/**
 * The Fluz provider for `createWidgetClient`: only what a page configures
 * is bundled.
 *
 * @example
 * import { fluz } from "@widget-tokens/client/fluz";
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [fluz({ scriptUrl: "https://…/fluz-widget.js" })] });
 * await widgets.fluz.open({ amount: "50.00", transactionType: "DEPOSIT" });
 */
export function fluz(options: FluzWidgetOptions): WidgetProvider<"fluz", FluzWidget> {
  return { id: "fluz", create: (api) => createFluzWidget(api, options) };
}
