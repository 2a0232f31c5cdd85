import type { WidgetClientError, WidgetState } from "@widget-tokens/client";
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { useWidgetClient } from "./context.js";
import {
  type AnyWidgetClient,
  type WidgetAdapters,
  type WidgetCallbacks,
  type WidgetId,
  type WidgetOpener,
  adapterOf,
  forwardCallbacks,
  openWidget,
  retain,
} from "./widgets.js";

export interface UseWidgetOptions extends WidgetCallbacks {
  /** Use this client instead of the one of `<WidgetTokensProvider>`. */
  client?: AnyWidgetClient | undefined;
}

export interface UseWidgetResult<A> {
  /**
   * Open the widget: the adapter's `open` (Fluz, Jackpot), `mount`
   * (impact.com) or `setup` (Gr4vy), with its arguments. Resolves what it
   * resolves, or `undefined` when it failed: the failure is in `error`.
   * The same function from render to render.
   */
  open: WidgetOpener<A>;
  /** True once rendered in the browser and while nothing is loading: enable your button on it. */
  ready: boolean;
  /** `idle`, `loading`, `open` or `error`; `idle` on the server. */
  state: WidgetState;
  /** The failure behind `state === "error"` (its `code` is the server's or the client's). */
  error: WidgetClientError | undefined;
}

const noSubscribe = () => () => {};
const inBrowser = () => true;
const onServer = () => false;
const idle = (): WidgetState => "idle";
const none = () => undefined;

/**
 * One provider's widget of the client of `<WidgetTokensProvider>` (or
 * `options.client`): its state as React state, and `open`. Every component
 * using the same provider shares its widget (one Fluz modal at a time, say);
 * when the last of them unmounts, the widget is destroyed. Nothing runs on
 * the server: `state` is `idle` and `ready` false until hydrated.
 *
 * @example
 * const { open, ready, state, error } = useWidget("fluz", { onSuccess: () => refreshBalance() });
 * <button disabled={!ready} onClick={() => open({ amount: "50.00", transactionType: "DEPOSIT" })}>
 *   {state === "loading" ? "Opening…" : "Deposit"}
 * </button>
 */
export function useWidget<Id extends WidgetId>(
  provider: Id,
  options: UseWidgetOptions = {},
): UseWidgetResult<WidgetAdapters[Id]> {
  const client = useWidgetClient(options.client);
  if (!(provider in client)) adapterOf(client, provider, "useWidget"); // throws, naming the fix
  const callbacks = useRef(options);
  callbacks.current = options;

  // The adapter is built on first use, in the browser: never during server rendering.
  const store = useMemo(() => {
    const adapter = () => adapterOf(client, provider, "useWidget");
    return {
      subscribe: (onChange: () => void) => adapter().on("state", onChange),
      state: () => adapter().state,
      error: () => adapter().error,
      adapter,
    };
  }, [client, provider]);
  const state = useSyncExternalStore(store.subscribe, store.state, idle);
  const error = useSyncExternalStore(store.subscribe, store.error, none);
  const hydrated = useSyncExternalStore(noSubscribe, inBrowser, onServer);

  useEffect(() => {
    const adapter = store.adapter();
    const release = retain(adapter);
    const stop = forwardCallbacks(adapter, () => callbacks.current);
    return () => {
      for (const off of stop) off();
      release();
    };
  }, [store]);

  const open = useCallback(
    (...args: unknown[]) => openWidget(store.adapter(), provider, args),
    [store, provider],
  ) as WidgetOpener<WidgetAdapters[Id]>;

  return { open, ready: hydrated && state !== "loading", state, error };
}
