import { TOKEN_ROUTES } from "@widget-tokens/shared";
import type { TokenApi } from "../../src/token-api.js";

type OnEvent = (type: string, detail?: Record<string, unknown>) => void;

/** One `open()` call the fake widget received. */
export type OpenedWidget = Record<string, unknown> & { onEvent: OnEvent; closed: boolean };

/**
 * Stand in for a provider's modal script: define `window[global].open()`,
 * which records its calls, and put the script's tag on the page so
 * `loadScript` sees it loaded (its global exists) without any network.
 */
export function fakeModalWidget(global: string, scriptUrl: string): OpenedWidget[] {
  const opened: OpenedWidget[] = [];
  (window as unknown as Record<string, unknown>)[global] = {
    open(options: Record<string, unknown> & { onEvent: OnEvent }) {
      const entry: OpenedWidget = { ...options, closed: false };
      opened.push(entry);
      return {
        close() {
          entry.closed = true;
        },
      };
    },
  };
  const tag = document.createElement("script");
  tag.setAttribute("src", scriptUrl);
  tag.type = "text/plain";
  document.head.appendChild(tag);
  return opened;
}

/** A token API that records its calls (by route path) and answers `response` (or throws it). */
export function fakeTokenApi(response: unknown, calls: unknown[] = []): TokenApi {
  return {
    async post(route, body, init) {
      calls.push({ path: TOKEN_ROUTES[route], body, idempotencyKey: init?.idempotencyKey });
      if (response instanceof Error) throw response;
      return response as never;
    },
  };
}
