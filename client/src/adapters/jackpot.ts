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

/**
 * Where the Jackpot voucher widget lives. Give `iframeUrl` (a page this
 * adapter frames in a modal and hands the session token by postMessage) or
 * `scriptUrl` (a script whose global opens the widget). `iframeUrl` wins when
 * both are set.
 */
export interface JackpotWidgetOptions {
  /** URL of the widget page to frame. */
  iframeUrl?: string;
  /** URL of the Jackpot widget script. */
  scriptUrl?: string;
  /** Global the script defines. Default "JackpotWidget". */
  entry?: string;
  /** CSP nonce for the script tag. */
  nonce?: string;
  /** Accessible title of the framed widget. Default "Jackpot". */
  title?: string;
}

export interface JackpotOpenOptions {
  /** The amount to convert, in major units: 25, "25.00". */
  amount: number | string;
  /** Reuse to get the same session back instead of a second exchange. */
  idempotencyKey?: string;
}

/** The handle of an open voucher widget. */
export interface JackpotSession {
  /** ISO 8601: when the session token stops working. */
  expiresAt: string;
  close(): void;
}

/** What the Jackpot script's global offers. */
interface JackpotGlobal {
  open(options: { sessionToken: string; onEvent: ProviderEvent }): Modal;
}

export interface JackpotWidget extends WidgetAdapter {
  /**
   * Get a session token for the signed-in user (the server exchanges a
   * one-time initialization token for it) and open the voucher widget.
   *
   * @example
   * widgets.jackpot.on("success", (e) => console.log(e.detail.conversionId));
   * const session = await widgets.jackpot.open({ amount: 25 });
   */
  open(options: JackpotOpenOptions): Promise<JackpotSession>;
  /**
   * Get ready for a likely click: load the widget script (`scriptUrl`). No
   * session is asked for before the click: each one is a one-time
   * initialization token exchanged with Jackpot, which counts them.
   */
  prefetch(): void;
  /** Close any open widget and drop every listener. */
  destroy(): void;
}

/**
 * The Jackpot adapter on its own (tree-shakable); `createWidgetClient` wires it for you.
 *
 * @example
 * const jackpot = createJackpotWidget(createTokenApi({ endpoint: "/widget-tokens" }), {
 *   iframeUrl: "https://widget.jackpot.example/convert",
 * });
 * await jackpot.open({ amount: "25.00" });
 */
export function createJackpotWidget(
  api: TokenApi,
  options: JackpotWidgetOptions | undefined,
): JackpotWidget {
  const core = createAdapterCore("jackpot", "Jackpot widget");
  const show = modalSlot(core, "Jackpot widget error");
  const entry = options?.entry ?? "JackpotWidget";
  const script = (url: string) => loadScript(url, { nonce: options?.nonce, global: entry });
  return Object.assign(core.adapter, {
    open: (open) =>
      core.run(async (signal) => {
        const iframeUrl = options?.iframeUrl;
        const scriptUrl = options?.scriptUrl;
        if (!iframeUrl && !scriptUrl) {
          throw widgetError("jackpot.iframeUrl or jackpot.scriptUrl is not configured");
        }
        const [session] = await Promise.all([
          api.post(
            "jackpot",
            { amount: open.amount },
            { idempotencyKey: open.idempotencyKey, signal },
          ),
          iframeUrl ? undefined : script(scriptUrl!),
        ]);
        live(signal);
        const { sessionToken } = session;
        const global = iframeUrl
          ? undefined
          : scriptGlobal<JackpotGlobal>(entry, "open", "Jackpot");
        const modal = show((onEvent) =>
          global
            ? global.open({ sessionToken, onEvent })
            : frameWidget(iframeUrl!, sessionToken, options?.title ?? "Jackpot", onEvent),
        );
        return { expiresAt: session.expiresAt, close: () => modal.close() };
      }),
    prefetch() {
      if (options?.scriptUrl && !options.iframeUrl) script(options.scriptUrl).catch(() => {});
    },
  } satisfies AdapterMethods<JackpotWidget>);
}

/**
 * Frame the widget page in a modal `<dialog>` (`showModal()`: the page
 * behind is inert, focus stays inside, Escape closes it). The page says
 * `{type: "ready"}`; it gets `{type: "init", sessionToken}` back, addressed
 * to its origin only, and reports `open`, `success`, `error`, `close`.
 */
function frameWidget(
  url: string,
  sessionToken: string,
  title: string,
  onEvent: ProviderEvent,
): Modal {
  const src = new URL(url, document.baseURI);
  const { origin } = src;
  const dialog = document.createElement("dialog");
  dialog.setAttribute("aria-label", title);
  // Its shadow dims the page: `::backdrop` (a faint grey by default) would need a style sheet.
  dialog.style.cssText =
    "padding:0;border:0;border-radius:16px;box-shadow:0 0 0 100vmax #0f172a8c;overflow:hidden";
  const frame = dialog.appendChild(document.createElement("iframe"));
  frame.title = title;
  frame.src = src.href;
  frame.style.cssText = "display:block;width:min(420px,94vw);height:min(480px,94vh);border:0";
  // Aborted on close: removes the listeners.
  const listening = new AbortController();
  const { signal } = listening;
  let initialized = false;
  const close = (report: boolean) => {
    if (signal.aborted) return;
    listening.abort();
    // close() first: the browser ends the modal state (and the page's inertness) as it should.
    if (dialog.open) dialog.close();
    dialog.remove();
    if (report) onEvent("close", {});
  };
  // Escape (or the page closing it) closes the dialog.
  dialog.addEventListener("close", () => close(true), { signal });
  window.addEventListener(
    "message",
    (event) => {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      const data = (event.data ?? {}) as { type?: unknown; detail?: Record<string, unknown> };
      const { type } = data;
      if (type === "ready") {
        if (!initialized) frame.contentWindow?.postMessage({ type: "init", sessionToken }, origin);
        initialized = true;
      } else if (type === "close") close(true);
      else if (type === "open" || type === "success" || type === "error") {
        onEvent(type, data.detail ?? {});
        if (type === "success") close(false);
      }
    },
    { signal },
  );
  document.body.appendChild(dialog);
  dialog.showModal();
  return { close: () => close(true) };
}

/**
 * The Jackpot provider for `createWidgetClient`: only what a page configures
 * is bundled.
 *
 * @example
 * import { jackpot } from "@widget-tokens/client/jackpot";
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [jackpot({ iframeUrl: "https://…/convert" })] });
 * await widgets.jackpot.open({ amount: 25 });
 */
export function jackpot(options?: JackpotWidgetOptions): WidgetProvider<"jackpot", JackpotWidget> {
  return { id: "jackpot", create: (api) => createJackpotWidget(api, options) };
}
