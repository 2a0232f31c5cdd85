/**
 * Stand-ins for the React and Vue binding tests: a
 * token server the test answers by hand, a provider script's global,
 * squatch-js's element, and provider factories that count what they build
 * and destroy.
 */
import type { WidgetAdapter, WidgetProvider } from "@widget-tokens/client";

/** A token request the test has not answered yet. */
export interface PendingRequest {
  url: string;
  body: Record<string, unknown>;
  respond(status: number, body: unknown): void;
}

/**
 * A `fetch` for `createWidgetClient` whose every call waits for the test:
 * `await server.next()` is the next request (already made or still to come).
 */
export function fakeTokenServer() {
  const requests: PendingRequest[] = [];
  const waiting: ((r: PendingRequest) => void)[] = [];
  let taken = 0;
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((resolve) => {
      const request: PendingRequest = {
        url: String(input),
        body: JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>,
        respond: (status, body) =>
          resolve(
            new Response(JSON.stringify(body), {
              status,
              headers: { "Content-Type": "application/json" },
            }),
          ),
      };
      requests.push(request);
      waiting.shift()?.(request);
    })) as typeof globalThis.fetch;
  return {
    fetch,
    requests,
    /** The next request not taken yet. */
    next(): Promise<PendingRequest> {
      const index = taken++;
      const ready = requests[index];
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

type OnEvent = (type: string, detail?: Record<string, unknown>) => void;

/** One `open()` the fake modal script received. */
export interface OpenedModal {
  token: string;
  onEvent: OnEvent;
  closed: boolean;
}

let scripts = 0;

/**
 * A provider's modal script (Fluz: `window.FluzWidget`), already on the page
 * under a fresh URL, so `loadScript` needs no network.
 */
export function fakeModalScript(global = "FluzWidget"): {
  scriptUrl: string;
  opened: OpenedModal[];
} {
  const scriptUrl = `https://sandbox.example/${global}-${++scripts}.js`;
  const opened: OpenedModal[] = [];
  (window as unknown as Record<string, unknown>)[global] = {
    open(options: { token: string; onEvent: OnEvent }) {
      const modal: OpenedModal = { ...options, closed: false };
      opened.push(modal);
      return {
        close() {
          modal.closed = true;
        },
      };
    },
  };
  scriptTag(scriptUrl);
  return { scriptUrl, opened };
}

/**
 * squatch-js as the impact adapter needs it: a script on the page under a
 * fresh URL and an `<impact-embed>` element (defined once).
 */
export function fakeSquatch(): { scriptUrl: string } {
  if (!customElements.get("impact-embed")) {
    customElements.define("impact-embed", class extends HTMLElement {});
  }
  const scriptUrl = `https://sandbox.example/squatch-${++scripts}.js`;
  scriptTag(scriptUrl);
  return { scriptUrl };
}

function scriptTag(src: string): void {
  const tag = document.createElement("script");
  tag.setAttribute("src", src);
  tag.setAttribute("data-widget-tokens-loaded", "");
  tag.type = "text/plain";
  document.head.appendChild(tag);
}

/** A provider whose `create` and every built adapter's `destroy` are counted. */
export function counted<P extends WidgetProvider>(
  provider: P,
): P & { created: WidgetAdapter[]; destroyed: () => number } {
  const created: WidgetAdapter[] = [];
  let destroyed = 0;
  return {
    ...provider,
    created,
    destroyed: () => destroyed,
    create(api) {
      const adapter = provider.create(api);
      const destroy = adapter.destroy;
      adapter.destroy = () => {
        destroyed++;
        destroy.call(adapter);
      };
      created.push(adapter);
      return adapter;
    },
  } as P & { created: WidgetAdapter[]; destroyed: () => number };
}

/** Let the microtasks queued so far run (the bindings destroy an unused widget one microtask later). */
export async function microtasks(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

export const FLUZ_TOKEN = { token: "pat-1", jti: "jti-1", expiresAt: "2030-01-01T00:00:00Z" };
export const IMPACT_TOKEN = { token: "user-1", expiresAt: "2030-01-01T00:00:00Z" };
export const WIDGET = "p/referral-program/w/referrerWidget";
