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
  for (const key in d) {
    const [, provider, option] = /^([a-z\d]+)([A-Z].*)/.exec(key) ?? [];
    if (provider && option && provider !== "widget") {
      const group = providers[provider] ?? { nonce: script.nonce ?? "" };
      group[option[0]!.toLowerCase() + option.slice(1)] = d[key]!;
      providers[provider] = group;
    }
  }
  return {
    endpoint: d.endpoint ?? new URL(".", script.src).pathname.slice(0, -1),
    providers,
    messages: d.widgetMessages !== "off",
  };
}
