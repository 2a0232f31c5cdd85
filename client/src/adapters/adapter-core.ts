import { WidgetClientError } from "../errors.js";
import { coverPage } from "./cover-page.js";

/**
 * Where an adapter is: `idle` (nothing in progress: at first, after a close,
 * a success or `destroy()`), `loading` (an `open`/`setup`/`mount` call is
 * fetching its token or the provider's script), `open` (that call resolved,
 * the widget is showing), `error` (the call or the widget failed; see `error`).
 */
export type WidgetState = "idle" | "loading" | "open" | "error";

/** The events every widget adapter reports. */
export interface WidgetEvents {
  /** The widget is showing. */
  open: { provider: string };
  /** The user closed it without finishing. */
  close: { provider: string };
  /** The user finished; `detail` is what the provider reported. */
  success: { provider: string; detail: Record<string, unknown> };
  /** Token request, script load or widget failure. */
  error: { provider: string; error: WidgetClientError };
  /** `state` changed (or, in `error`, the error did); `error` is set in the `error` state only. */
  state: { provider: string; state: WidgetState; error: WidgetClientError | undefined };
}

/** What every adapter offers besides its own methods. */
export interface WidgetAdapter {
  /**
   * Where the widget is (`idle`, `loading`, `open`, `error`); a `state` event
   * reports each change. The same value until it changes, so a framework can
   * read it as a snapshot.
   *
   * @example
   * widgets.fluz.on("state", ({ state }) => button.toggleAttribute("disabled", state === "loading"));
   */
  readonly state: WidgetState;
  /** The failure behind the `error` state; undefined in every other state. */
  readonly error: WidgetClientError | undefined;
  /** Listen to `open`, `close`, `success`, `error` or `state`; returns a function that stops listening. */
  on<K extends keyof WidgetEvents>(type: K, listener: (event: WidgetEvents[K]) => void): () => void;
  /** Close what is showing, cancel what is pending, go back to `idle` (a last `state` event), drop every listener. */
  destroy(): void;
}

/**
 * An adapter's own methods, which `createXWidget` adds to `core.adapter`
 * (`satisfies AdapterMethods<FluzWidget>` types them in place).
 */
export type AdapterMethods<A extends WidgetAdapter> = Omit<A, keyof WidgetAdapter>;

/** How a provider's modal script reports: `open`, `success`, `close`, `error` (with `detail.message`). */
export type ProviderEvent = (type: string, detail?: Record<string, unknown>) => void;

/** An open modal widget. */
export interface Modal {
  close(): void;
}

/** The part every adapter shares, built once per adapter by `createAdapterCore`. */
export interface AdapterCore {
  /**
   * `state`, `error`, `on` and `destroy`: the adapter's own methods go onto
   * this object (`Object.assign(core.adapter, { open })`; a spread would copy
   * `state` once instead of keeping its getter).
   */
  adapter: WidgetAdapter;
  /** Report `open`, `close` or `success` (with the provider's `detail`). */
  emit(type: "open" | "close" | "success", detail?: Record<string, unknown>): void;
  /**
   * Report a failure as an `error` event (and the `error` state, unless
   * `quiet`) and return it as a `WidgetClientError`: a server or client error
   * keeps its code (a script that failed to load is a `ScriptLoadError`,
   * `SCRIPT_LOAD_FAILED`), anything else (the provider's script threw) is
   * `WIDGET_ERROR`.
   */
  fail(error: unknown, quiet?: boolean): WidgetClientError;
  /**
   * Run one public operation (open, setup, mount): `loading`, then `open`
   * when it resolves. What it throws is reported and rethrown as a
   * `WidgetClientError`. `signal` aborts when `destroy()` runs: pass it to
   * the token request, and call `live(signal)` after every other await, so
   * that a destroyed adapter opens nothing and reports nothing. A `quiet`
   * operation (impact's `headers()`) leaves the state alone.
   */
  run<T>(task: (signal: AbortSignal) => Promise<T>, quiet?: boolean): Promise<T>;
  /** Run `cleanup` on `destroy()` (remove DOM nodes, forget tokens). */
  onDestroy(cleanup: () => void): void;
}

/** Stop an operation of `run` if the adapter was destroyed since it began (`run` reports why). */
export function live(signal: AbortSignal): void {
  if (signal.aborted) throw signal;
}

/** `window[entry]` once the provider's script defined it with `method`; a `WIDGET_ERROR` otherwise. */
export function scriptGlobal<T>(entry: string, method: string, script: string): T {
  const value = (window as unknown as Record<string, Record<string, unknown> | undefined>)[entry];
  if (typeof value?.[method] !== "function") {
    throw widgetError(`The ${script} script did not define window.${entry}`);
  }
  return value as T;
}

/** A failure of the widget itself (not of the token request): a `WIDGET_ERROR`. */
export function widgetError(message: string): WidgetClientError {
  return new WidgetClientError("WIDGET_ERROR", message);
}

/**
 * Events, error wrapping and `destroy()` for one adapter. `provider` goes into
 * every event; `name` ("Fluz widget") into the fallback error messages.
 */
export function createAdapterCore(provider: string, name: string): AdapterCore {
  let listeners: { [K in keyof WidgetEvents]?: Set<(event: never) => void> } = {};
  const cleanups: (() => void)[] = [];
  let controller = new AbortController();
  let state: WidgetState = "idle";
  let error: WidgetClientError | undefined;

  const send = <K extends keyof WidgetEvents>(type: K, event: WidgetEvents[K]) => {
    for (const listener of [...(listeners[type] ?? [])]) {
      try {
        (listener as (event: WidgetEvents[K]) => void)(event);
      } catch (err) {
        // A throwing listener never breaks the others, nor the widget.
        setTimeout(() => {
          throw err;
        });
      }
    }
  };

  const move = (next: WidgetState, failure?: WidgetClientError) => {
    if (next !== state || failure !== error) {
      state = next;
      error = failure;
      send("state", { provider, state, error });
    }
  };

  const fail = (thrown: unknown, quiet?: boolean): WidgetClientError => {
    const e =
      thrown instanceof WidgetClientError
        ? thrown
        : new WidgetClientError(
            "WIDGET_ERROR",
            thrown instanceof Error ? thrown.message : `${name} failed`,
            { cause: thrown },
          );
    if (!quiet) move("error", e);
    send("error", { provider, error: e });
    return e;
  };

  return {
    adapter: {
      get state() {
        return state;
      },
      get error() {
        return error;
      },
      on(type, listener) {
        const set = (listeners[type] ?? new Set()) as Set<typeof listener>;
        listeners[type] = set.add(listener);
        return () => {
          set.delete(listener);
        };
      },
      destroy() {
        controller.abort();
        controller = new AbortController();
        for (const cleanup of cleanups) cleanup();
        // Listeners hear the last `state` (idle), then are dropped.
        move("idle");
        listeners = {};
      },
    },
    emit(type, detail = {}) {
      move(type === "open" ? "open" : "idle");
      send(type, type === "success" ? { provider, detail } : { provider });
    },
    fail,
    async run(task, quiet) {
      const { signal } = controller;
      if (!quiet) move("loading");
      try {
        const result = await task(signal);
        live(signal);
        if (!quiet && state === "loading") move("open");
        return result;
      } catch (err) {
        throw signal.aborted ? widgetError(`${name} was destroyed`) : fail(err, quiet);
      }
    },
    onDestroy(cleanup) {
      cleanups.push(cleanup);
    },
  };
}

/**
 * One modal widget at a time, for the adapters that open one (Fluz, Jackpot).
 * The returned `show(open)` closes the modal showing, then opens the next:
 * `open` gets the `onEvent` to hand the provider's script, whose events become
 * the adapter's (`error` with `detail.message`, or `errorMessage`); a `close`
 * ends the modal. `destroy()` closes the one still showing. While it shows,
 * the page behind is inert, Escape closes it, and focus returns to the
 * opener when it ends (`coverPage`).
 */
export function modalSlot(
  core: AdapterCore,
  errorMessage: string,
): (open: (onEvent: ProviderEvent) => Modal) => Modal {
  let current: Modal | undefined;
  core.onDestroy(() => {
    current?.close();
    current = undefined;
  });
  return (open) => {
    current?.close();
    current = undefined;
    // Keyboard and screen readers: the page behind inert, Escape, focus back (cover-page.ts).
    const page = coverPage(() => modal.close());
    let modal: Modal;
    try {
      modal = open((type, detail = {}) => {
        if (type === "close" || type === "success") {
          if (current === modal) current = undefined;
          page.release();
        }
        if (type === "open" || type === "close" || type === "success") core.emit(type, detail);
        else if (type === "error") core.fail(widgetError(String(detail.message ?? errorMessage)));
      });
    } catch (error) {
      page.release();
      throw error;
    }
    current = modal;
    page.shown();
    return modal;
  };
}
