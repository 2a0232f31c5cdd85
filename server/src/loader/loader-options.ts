import { WidgetTokensOptionError } from "../errors.js";
import { readOptions } from "../validation/read-options.js";

/**
 * The `loader` option of `widgetTokens()` when it is an object (`true` is
 * `{}`; `false` serves nothing).
 *
 * @example
 * widgetTokens({ identify, providers, allowedOrigins: ["https://www.shop.example"], loader: { crossOrigin: true } });
 */
export interface LoaderOptions {
  /**
   * Let pages on another site load `loader.js` and its chunks: they are
   * served with `Cross-Origin-Resource-Policy: cross-origin` instead of
   * `same-site`. Needed when the shop's pages and this middleware are on
   * different sites (`www.shop.example` and `api.other-domain.example`);
   * not for subdomains of one site. Default false.
   */
  crossOrigin?: boolean | undefined;
  /**
   * The drop-in bootstrap of the client build to serve (a
   * `dist/loader.iife.js`, with its `chunks/` beside it). Default the
   * installed `@widget-tokens/client`'s: set it to serve a build you pin, or
   * to try two builds side by side (a deploy, in a test).
   */
  path?: string | undefined;
}

/** The `loader` option, read: whether and how the drop-in is served. */
export interface LoaderSettings {
  crossOrigin: boolean;
  /** The bootstrap file; undefined for the installed client's. */
  path: string | undefined;
}

/**
 * Read the `loader` option once: `true` or absent serves the drop-in for
 * pages of this site, `{ crossOrigin: true }` for pages of any site,
 * `false` not at all. Anything else throws a `WidgetTokensOptionError`
 * naming the option (and, for a misspelled key, the nearest known one).
 *
 * @example
 * readLoaderOptions({ crossOrigin: true }); // { crossOrigin: true, path: undefined }
 * readLoaderOptions({ crossorigin: true }); // throws: option "loader.crossorigin" … did you mean "crossOrigin"?
 */
export function readLoaderOptions(value: unknown): LoaderSettings | false {
  if (value === false) return false;
  if (value === undefined || value === true) return { crossOrigin: false, path: undefined };
  if (typeof value !== "object" || value === null) {
    throw new WidgetTokensOptionError(
      "loader",
      "must be true, false or { crossOrigin?: boolean, path?: string }",
    );
  }
  const o = readOptions<LoaderOptions>(value, "loader", { crossOrigin: true, path: true });
  const path = o.value("path");
  if (path !== undefined && (typeof path !== "string" || path === "")) {
    throw new WidgetTokensOptionError("loader.path", "must be the path of a loader.iife.js");
  }
  return { crossOrigin: o.boolean("crossOrigin", false), path };
}
