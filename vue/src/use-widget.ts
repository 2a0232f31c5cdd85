import type { WidgetClientError, WidgetState } from "@widget-tokens/client";
import { type ComputedRef, computed, onBeforeUnmount, onMounted, shallowRef } from "vue";
import { useWidgetClient } from "./client.js";
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
  /** Use this client instead of the provided one (`WidgetTokensPlugin`, `provideWidgetClient`). */
  client?: AnyWidgetClient | undefined;
}

export interface UseWidgetResult<A> {
  /**
   * Open the widget: the adapter's `open` (Fluz, Jackpot), `mount`
   * (impact.com) or `setup` (Gr4vy), with its arguments. Resolves what it
   * resolves, or `undefined` when it failed: the failure is in `error`.
   */
  open: WidgetOpener<A>;
  /** True once mounted in the browser and while nothing is loading: enable your button on it. */
  ready: ComputedRef<boolean>;
  /** `idle`, `loading`, `open` or `error`; `idle` on the server. */
  state: ComputedRef<WidgetState>;
  /** The failure behind `state === "error"` (its `code` is the server's or the client's). */
  error: ComputedRef<WidgetClientError | undefined>;
}

/**
 * In `setup`: one provider's widget of the provided client (or
 * `options.client`), its state as read-only refs, and `open`. Every
 * component using the same provider shares its widget (one Fluz modal at a
 * time, say); when the last of them unmounts, the widget is destroyed.
 * Nothing runs on the server: `state` is `idle` and `ready` false until mounted.
 *
 * @example
 * const { open, ready, state, error } = useWidget("fluz", { onSuccess: () => refreshBalance() });
 * // <button :disabled="!ready" @click="open({ amount: '50.00', transactionType: 'DEPOSIT' })">Deposit</button>
 */
export function useWidget<Id extends WidgetId>(
  provider: Id,
  options: UseWidgetOptions = {},
): UseWidgetResult<WidgetAdapters[Id]> {
  const client = useWidgetClient(options.client);
  if (!(provider in client)) adapterOf(client, provider, "useWidget"); // throws, naming the fix
  // The adapter is built on first use, in the browser: never during server rendering.
  const adapter = () => adapterOf(client, provider, "useWidget");
  const state = shallowRef<WidgetState>("idle");
  const error = shallowRef<WidgetClientError | undefined>();
  const mounted = shallowRef(false);
  let stop: (() => void)[] = [];

  onMounted(() => {
    const a = adapter();
    const sync = () => {
      state.value = a.state;
      error.value = a.error;
    };
    stop = [retain(a), a.on("state", sync), ...forwardCallbacks(a, () => options)];
    sync();
    mounted.value = true;
  });
  onBeforeUnmount(() => {
    for (const off of stop.reverse()) off();
    stop = [];
    mounted.value = false;
  });

  const open = ((...args: unknown[]) => openWidget(adapter(), provider, args)) as WidgetOpener<
    WidgetAdapters[Id]
  >;

  return {
    open,
    ready: computed(() => mounted.value && state.value !== "loading"),
    state: computed(() => state.value),
    error: computed(() => error.value),
  };
}
