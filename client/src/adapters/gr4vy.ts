import { GR4VY_PINNED_FIELDS, type Gr4vyTokenResponse } from "@widget-tokens/shared";
import { loadScript } from "../load-script.js";
import type { TokenApi } from "../token-api.js";
import type { WidgetProvider } from "../widget-provider.js";
import {
  type AdapterMethods,
  type WidgetAdapter,
  createAdapterCore,
  live,
  scriptGlobal,
  widgetError,
} from "./adapter-core.js";

/** Defaults for every `setup()` (client options, or the drop-in loader's data attributes). */
export interface Gr4vyWidgetOptions {
  /** Your Gr4vy instance id. Default: the one the server answers with. */
  gr4vyId?: string;
  /** Default: the one the server answers with. */
  environment?: "sandbox" | "production";
  /** The Embed script. Default `https://cdn.{gr4vyId}.gr4vy.app/gr4vy-embed.js`. */
  scriptUrl?: string;
  /** CSP nonce for the script tag. */
  nonce?: string;
}

/** A Gr4vy transaction, as Embed reports it (`transactionCreated`, `onComplete`). */
export interface Gr4vyTransaction {
  id: string;
  status: string;
  [field: string]: unknown;
}

export interface Gr4vySetupOptions extends Gr4vyWidgetOptions {
  /** Where Embed inserts its form: a selector or an element. */
  element: string | HTMLElement;
  /** Your checkout form: Embed takes over its submit and adds `gr4vy_transaction_id`. */
  form?: string | HTMLFormElement | undefined;
  /** Two-letter country code of the transaction. */
  country: string;
  /** A Gr4vy checkout session id (UUID), pinned in the token. */
  checkoutSessionId?: string | undefined;
  /** Every Embed event (`formUpdate`, `transactionCreated`, `apiError`, …). */
  onEvent?: ((name: string, data: unknown) => void) | undefined;
  /** Called with the transaction instead of submitting `form`. */
  onComplete?: ((transaction: Gr4vyTransaction) => void) | undefined;
  /**
   * Any other Embed option (`locale`, `theme`, `display`, `store`, `intent`, …).
   * Amount, currency, buyer, metadata, cart and token always come from the token.
   */
  embedOptions?: Record<string, unknown>;
}

/** A mounted Embed form. */
export interface Gr4vyEmbed {
  /** The pinned values of the current token. */
  amount: number;
  currency: string;
  expiresAt: string;
  /** Submit Embed's form (as the merchant form's submit does). */
  submit(): void;
  /** Remove the Embed form. */
  destroy(): void;
}

/** What the Embed script's global offers. */
interface Gr4vyGlobal {
  setup(options: Record<string, unknown>): { submit?: () => void } | undefined;
}

export interface Gr4vyWidget extends WidgetAdapter {
  /**
   * Fetch an Embed token for the signed-in user's checkout (amount and cart
   * come from your server), load Gr4vy Embed and mount it. An expired token,
   * or an Embed authentication `apiError`, is renewed once and Embed set up again.
   *
   * @example
   * await widgets.gr4vy.setup({ element: "#payment", form: "#checkout", country: "US" });
   */
  setup(options: Gr4vySetupOptions): Promise<Gr4vyEmbed>;
  /** Remove any mounted form and drop every listener. */
  destroy(): void;
}

const isAuthError = (data: unknown): boolean => {
  const d = (data ?? {}) as { status?: unknown; code?: unknown };
  return d.status === 401 || d.code === "unauthorized";
};

/**
 * The Gr4vy Embed adapter on its own (tree-shakable); `createWidgetClient` wires it for you.
 *
 * @example
 * const gr4vy = createGr4vyWidget(createTokenApi({ endpoint: "/widget-tokens" }), { gr4vyId: "acme" });
 * gr4vy.on("success", (e) => console.log(e.detail.id));
 */
export function createGr4vyWidget(
  api: TokenApi,
  defaults: Gr4vyWidgetOptions | undefined,
): Gr4vyWidget {
  const core = createAdapterCore("gr4vy", "Gr4vy Embed");
  let mounted: HTMLElement | undefined;
  core.onDestroy(() => {
    mounted?.replaceChildren();
    mounted = undefined;
  });

  return Object.assign(core.adapter, {
    setup: (options) =>
      core.run(async (signal) => {
        const o = { ...defaults, ...options };
        const element =
          typeof o.element === "string"
            ? document.querySelector<HTMLElement>(o.element)
            : o.element;
        if (!element) throw widgetError(`gr4vy.setup: no element ${String(o.element)}`);
        let renewed = false;
        let current: ReturnType<Gr4vyGlobal["setup"]>;

        const start = async (signal: AbortSignal): Promise<Gr4vyTokenResponse> => {
          const fetchToken = () =>
            api.post(
              "gr4vy",
              o.checkoutSessionId ? { checkoutSessionId: o.checkoutSessionId } : {},
              { signal },
            );
          let token = await fetchToken();
          if (Date.parse(token.expiresAt) <= Date.now() && !renewed) {
            renewed = true;
            token = await fetchToken();
          }
          const gr4vyId = o.gr4vyId ?? token.gr4vyId;
          const environment = o.environment ?? token.environment;
          const scriptUrl = o.scriptUrl ?? `https://cdn.${gr4vyId}.gr4vy.app/gr4vy-embed.js`;
          await loadScript(scriptUrl, { nonce: o.nonce, global: "gr4vy" });
          live(signal);
          const global = scriptGlobal<Gr4vyGlobal>("gr4vy", "setup", "Gr4vy");
          const pinned: Record<string, unknown> = {};
          for (const key of GR4VY_PINNED_FIELDS)
            if (token[key] !== undefined) pinned[key] = token[key];
          const onComplete = o.onComplete;
          current = global.setup({
            ...o.embedOptions,
            gr4vyId,
            environment,
            element,
            ...(o.form === undefined ? {} : { form: o.form }),
            country: o.country,
            token: token.token,
            ...pinned,
            onEvent(name: string, data: unknown) {
              if (name === "apiError" && isAuthError(data) && !renewed && !signal.aborted) {
                // The token expired or was refused: one new token, one new Embed.
                // (A failure is reported as an error event by run.)
                renewed = true;
                core.run(start).catch(() => {});
                return;
              }
              if (name === "transactionCreated") {
                core.emit("success", (data ?? {}) as Record<string, unknown>);
              } else if (
                name === "apiError" ||
                name === "transactionFailed" ||
                name === "argumentError"
              ) {
                const message = (data as { message?: string } | undefined)?.message;
                core.fail(widgetError(message ?? `Gr4vy Embed: ${name}`));
              }
              o.onEvent?.(name, data);
            },
            ...(onComplete ? { onComplete: (tx: Gr4vyTransaction) => onComplete(tx) } : {}),
          });
          mounted = element;
          core.emit("open");
          return token;
        };

        const token = await start(signal);
        return {
          amount: token.amount,
          currency: token.currency,
          expiresAt: token.expiresAt,
          submit: () => current?.submit?.(),
          destroy: () => {
            element.replaceChildren();
            if (mounted === element) mounted = undefined;
            core.emit("close");
          },
        };
      }),
  } satisfies AdapterMethods<Gr4vyWidget>);
}

/**
 * The Gr4vy provider for `createWidgetClient`: only what a page configures
 * is bundled.
 *
 * @example
 * import { gr4vy } from "@widget-tokens/client/gr4vy";
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [gr4vy({ gr4vyId: "acme", environment: "sandbox" })] });
 * await widgets.gr4vy.setup({ element: "#payment", form: "#checkout", country: "US" });
 */
export function gr4vy(options?: Gr4vyWidgetOptions): WidgetProvider<"gr4vy", Gr4vyWidget> {
  return { id: "gr4vy", create: (api) => createGr4vyWidget(api, options) };
}
