import type { FluzTokenResponse, FluzTransactionType } from "@widget-tokens/shared";
import { TOKEN_ROUTES } from "@widget-tokens/shared";
import { Emitter } from "../emitter.js";
import { WidgetClientError } from "../errors.js";
import { loadScript } from "../load-script.js";
import type { TokenApi } from "../token-api.js";
import { toWidgetError } from "./widget-error.js";
import type { WidgetEvents } from "./widget-events.js";

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
  open(options: {
    token: string;
    onEvent: (type: string, detail?: Record<string, unknown>) => void;
  }): { close(): void };
}

export interface FluzWidget {
  /**
   * Fetch a patToken for the signed-in user and open the Fluz modal with it.
   *
   * @example
   * const session = await widgets.fluz.open({ amount: "50.00", transactionType: "WITHDRAW" });
   */
  open(options: FluzOpenOptions): Promise<FluzSession>;
  on<K extends keyof WidgetEvents>(type: K, listener: (event: WidgetEvents[K]) => void): () => void;
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
  const events = new Emitter<WidgetEvents>();
  const provider = "fluz";
  let current: { close(): void } | undefined;

  const fail = (error: unknown): WidgetClientError => {
    const e = toWidgetError(error, "Fluz widget failed");
    events.emit("error", { provider, error: e });
    return e;
  };

  return {
    async open(open) {
      if (!options?.scriptUrl) {
        throw fail(new WidgetClientError("WIDGET_ERROR", "fluz.scriptUrl is not configured"));
      }
      const entry = options.entry ?? "FluzWidget";
      let token: FluzTokenResponse;
      try {
        [token] = await Promise.all([
          api.post<FluzTokenResponse>(
            TOKEN_ROUTES.fluz,
            { amount: open.amount, transactionType: open.transactionType },
            { idempotencyKey: open.idempotencyKey },
          ),
          loadScript(options.scriptUrl, { nonce: options.nonce, global: entry }),
        ]);
      } catch (err) {
        throw fail(err);
      }
      const global = (window as unknown as Record<string, FluzGlobal | undefined>)[entry];
      if (!global || typeof global.open !== "function") {
        throw fail(
          new WidgetClientError("WIDGET_ERROR", `The Fluz script did not define window.${entry}`),
        );
      }
      current?.close();
      const handle = global.open({
        token: token.token,
        onEvent(type, detail = {}) {
          if (type === "open") events.emit("open", { provider });
          else if (type === "success") events.emit("success", { provider, detail });
          else if (type === "close") {
            if (current === handle) current = undefined;
            events.emit("close", { provider });
          } else if (type === "error") {
            fail(
              new WidgetClientError("WIDGET_ERROR", String(detail.message ?? "Fluz widget error")),
            );
          }
        },
      });
      current = handle;
      return {
        jti: token.jti,
        close: () => handle.close(),
      };
    },
    on: (type, listener) => events.on(type, listener),
    destroy() {
      current?.close();
      current = undefined;
      events.clear();
    },
  };
}
