import {
  IMPACT_SQUATCH_JS_URL,
  IMPACT_USER_TOKEN_HEADER,
  IMPACT_WIDGET_TYPE,
} from "@widget-tokens/shared";
import { WidgetClientError } from "../errors.js";
import { loadScript } from "../load-script.js";
import type { TokenApi } from "../token-api.js";
import type { WidgetProvider } from "../widget-provider.js";
import {
  type AdapterMethods,
  type WidgetAdapter,
  createAdapterCore,
  live,
  widgetError,
} from "./adapter-core.js";

/** Client-wide impact.com settings (each may be overridden per `mount`). */
export interface ImpactWidgetOptions {
  /** Your SaaSquatch tenant alias. Required here or in `mount()`. */
  tenantAlias?: string | undefined;
  /** squatch-js URL. Default the vendor CDN, https://fast.ssqt.io/squatch-js@2. */
  scriptUrl?: string | undefined;
  /** Widget API origin squatch-js calls (its `domain` option). Default squatch-js's own. */
  domain?: string | undefined;
  /** CSP nonce for the squatch-js script tag. */
  nonce?: string;
}

export interface ImpactMountOptions {
  /** The widget to render: `p/<program>/w/<widget>`. */
  widget: string;
  tenantAlias?: string | undefined;
  scriptUrl?: string | undefined;
  domain?: string | undefined;
  /** Like `en_US`: asked of the server (it goes into the token) and of the widget. */
  locale?: string | undefined;
  /** The accessible name of the widget's frame. Default "Referral program". */
  title?: string | undefined;
}

/** A rendered `<impact-embed>`. */
export interface ImpactMount {
  /** The `<impact-embed>` element. */
  element: HTMLElement;
  /** When the token it was rendered with expires. */
  expiresAt: Date;
  /** Remove the widget. */
  unmount(): void;
}

export interface ImpactWidget extends WidgetAdapter {
  /**
   * Fetch a user token (or reuse one that is still valid), load squatch-js
   * once, set `window.impactToken`, `window.squatchTenant` and
   * `window.impactConfig`, then render `<impact-embed widget="…">` in the
   * target, replacing what it held. Mounting again after the token expired
   * fetches a fresh one.
   *
   * @example
   * await widgets.impact.mount("#referrals", { widget: "p/referral-program/w/referrerWidget" });
   */
  mount(target: string | HTMLElement, options: ImpactMountOptions): Promise<ImpactMount>;
  /**
   * Headers for your own calls to impact.com open endpoints from the browser:
   * `{"X-SaaSquatch-User-Token": token}`, with a fresh token when needed.
   *
   * @example
   * await fetch(url, { method: "POST", headers: { ...(await widgets.impact.headers()), "Content-Type": "application/json" }, body });
   */
  headers(): Promise<Record<string, string>>;
  /** Remove every mounted widget, forget tokens, drop every listener. */
  destroy(): void;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  /** When to ask for a new one: a tenth of the lifetime (at most 30 s) before `expiresAt`. */
  renewAt: number;
}

/** One locale's token request: pending, or answered (`token` set). */
interface TokenEntry {
  promise: Promise<CachedToken>;
  token?: CachedToken;
}

/** What squatch-js reads from `window` when an `<impact-embed>` is created. */
interface SquatchGlobals {
  impactToken?: string;
  squatchTenant?: string;
  impactConfig?: Record<string, unknown>;
}

const MAX_MARGIN_MS = 30_000;

/** What squatch-js sets on `<impact-embed>` once it rendered: its widget, of this type on a failure. */
interface SquatchEmbed extends HTMLElement {
  widgetInstance?: { type?: string };
}
const SQUATCH_ERROR_WIDGET = "ERROR_WIDGET";

/**
 * The impact.com adapter on its own (tree-shakable); `createWidgetClient` wires it for you.
 *
 * @example
 * const impact = createImpactWidget(createTokenApi({ endpoint: "/widget-tokens" }), { tenantAlias: "test_abc" });
 * await impact.mount("#referrals", { widget: "p/referral-program/w/referrerWidget" });
 */
export function createImpactWidget(
  api: TokenApi,
  options: ImpactWidgetOptions | undefined,
): ImpactWidget {
  const core = createAdapterCore("impact", "impact.com widget");
  /** By locale ("" for none): a request in flight is shared, an answer reused until `renewAt`. */
  const tokens = new Map<string, TokenEntry>();
  const mounted = new Set<HTMLElement>();
  /** The locale of the last token answered, which `headers()` reuses. */
  let latest: string | undefined;
  core.onDestroy(() => {
    for (const embed of mounted) embed.remove();
    mounted.clear();
    tokens.clear();
    latest = undefined;
  });

  function token(locale: string | undefined, signal: AbortSignal): Promise<CachedToken> {
    const key = locale ?? "";
    const entry = tokens.get(key);
    if (entry && (!entry.token || Date.now() < entry.token.renewAt)) return entry.promise;
    const next: TokenEntry = {
      promise: api
        .post("impact", locale === undefined ? {} : { locale }, { signal })
        .then((res) => {
          const expiresAt = Date.parse(res.expiresAt);
          if (typeof res.token !== "string" || !Number.isFinite(expiresAt)) {
            throw new WidgetClientError("BAD_RESPONSE", "Token endpoint answered without a token");
          }
          live(signal);
          latest = key;
          const life = Math.max(0, expiresAt - Date.now());
          next.token = {
            token: res.token,
            expiresAt,
            renewAt: expiresAt - Math.min(MAX_MARGIN_MS, life / 10),
          };
          return next.token;
        }),
    };
    // A failed request is forgotten: the next call asks again.
    next.promise.catch(() => tokens.get(key) === next && tokens.delete(key));
    tokens.set(key, next);
    return next.promise;
  }

  return Object.assign(core.adapter, {
    mount: (target, mount) =>
      core.run(async (signal) => {
        const widget = mount?.widget;
        if (typeof widget !== "string" || !IMPACT_WIDGET_TYPE.test(widget)) {
          throw widgetError("impact widget must look like p/<program>/w/<widget>");
        }
        const tenantAlias = mount.tenantAlias ?? options?.tenantAlias;
        if (!tenantAlias) throw widgetError("impact.tenantAlias is not configured");
        const element =
          typeof target === "string" ? document.querySelector<HTMLElement>(target) : target;
        if (!element) throw widgetError(`No element matches ${target}`);
        const scriptUrl = mount.scriptUrl ?? options?.scriptUrl ?? IMPACT_SQUATCH_JS_URL;
        const domain = mount.domain ?? options?.domain;
        const [user] = await Promise.all([
          token(mount.locale, signal),
          loadScript(scriptUrl, { nonce: options?.nonce }),
        ]);
        live(signal);
        if (!customElements.get("impact-embed")) {
          throw widgetError("squatch-js did not define <impact-embed>");
        }
        // squatch-js reads these when the element is constructed: set them first.
        const globals = window as unknown as SquatchGlobals;
        globals.impactToken = user.token;
        globals.squatchTenant = tenantAlias;
        const config: Record<string, unknown> = { ...globals.impactConfig, tenantAlias };
        if (domain) config.domain = domain;
        globals.impactConfig = config;

        const embed = document.createElement("impact-embed");
        embed.setAttribute("widget", widget);
        // squatch-js frames the widget in the element's (open) shadow root, untitled: name it.
        const root = embed.shadowRoot ?? embed;
        new MutationObserver(() => {
          const frame = root.querySelector("iframe");
          if (frame && !frame.title) frame.title = mount.title ?? "Referral program";
        }).observe(root, { childList: true });
        if (mount.locale) embed.setAttribute("locale", mount.locale);
        // squatch-js renders its own error widget when impact.com refuses or fails
        // (and still says "loaded"): that is this widget's failure, an `error`.
        embed.addEventListener(
          "sq:widget-loaded",
          () =>
            (embed as SquatchEmbed).widgetInstance?.type === SQUATCH_ERROR_WIDGET
              ? core.fail(widgetError("impact.com could not show the widget"))
              : core.emit("open"),
          { once: true },
        );
        for (const old of [...element.children]) mounted.delete(old as HTMLElement);
        element.replaceChildren(embed);
        mounted.add(embed);
        return {
          element: embed,
          expiresAt: new Date(user.expiresAt),
          unmount() {
            if (!mounted.delete(embed)) return;
            embed.remove();
            core.emit("close");
          },
        };
      }),
    headers: () =>
      core.run(async (signal) => {
        const t = await token(latest === "" ? undefined : latest, signal);
        return { [IMPACT_USER_TOKEN_HEADER]: t.token };
      }, true),
  } satisfies AdapterMethods<ImpactWidget>);
}

/**
 * The impact.com provider for `createWidgetClient`: only what a page configures
 * is bundled.
 *
 * @example
 * import { impact } from "@widget-tokens/client/impact";
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [impact({ tenantAlias: "acme" })] });
 * await widgets.impact.mount("#referrals", { widget: "p/referral-program/w/referrerWidget" });
 */
export function impact(options?: ImpactWidgetOptions): WidgetProvider<"impact", ImpactWidget> {
  return { id: "impact", create: (api) => createImpactWidget(api, options) };
}
