/** What the drop-in reads from its own `<script>` tag. */
export interface LoaderOptions {
  /** `data-endpoint`; default the folder the script was served from (`/widget-tokens`). */
  endpoint: string;
  /** `data-<provider>-<option>="…"` → `providers[provider][option]`, plus the tag's nonce. */
  providers: Record<string, Record<string, string>>;
  /** False when the tag says `data-widget-messages="off"`. */
  messages: boolean;
}

/**
 * Read the loader tag's `data-*` attributes once.
 *
 * @example
 * // <script src="/widget-tokens/loader.js" data-fluz-script-url="https://…/fluz.js" nonce="r4nd0m">
 * readLoaderOptions(document.currentScript);
 * // → { endpoint: "/widget-tokens", providers: { fluz: { scriptUrl: "https://…/fluz.js", nonce: "r4nd0m" } }, messages: true }
 */
export function readLoaderOptions(script: HTMLScriptElement): LoaderOptions {
  const d = script.dataset;
  const providers: LoaderOptions["providers"] = {};
  for (const [key, value] of Object.entries(d)) {
    const match = /^([a-z0-9]+)([A-Z].*)$/.exec(key);
    if (!match || value === undefined || match[1] === "widget") continue;
    const option = match[2]!.charAt(0).toLowerCase() + match[2]!.slice(1);
    (providers[match[1]!] ??= {})[option] = value;
  }
  if (script.nonce) for (const group of Object.values(providers)) group.nonce ??= script.nonce;
  return {
    endpoint: d.endpoint ?? new URL(".", script.src).pathname.replace(/\/$/, ""),
    providers,
    messages: d.widgetMessages !== "off",
  };
}
