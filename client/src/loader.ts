/**
 * The drop-in bootstrap (IIFE build, served at `{mount}/loader.js`):
 *
 *   <script src="/widget-tokens/loader.js" data-endpoint="/widget-tokens"
 *           data-fluz-script-url="https://…/fluz.js" defer></script>
 *   <button data-widget="fluz" data-amount="50.00" data-transaction-type="DEPOSIT">Deposit</button>
 *
 * It loads the chunk of each provider the page names, nothing else (`drop-in/bootstrap.ts`).
 * `window.WidgetTokens.configure({ headers })` sets credentials the page computes;
 * `window.WidgetTokens.client` holds the adapters it built, for pages that want code after all.
 */
import { startDropIn } from "./drop-in/bootstrap.js";

// The tag running this classic script; nothing at all outside a browser.
const script = globalThis.document?.currentScript as HTMLScriptElement | null | undefined;
if (script) startDropIn(script);
