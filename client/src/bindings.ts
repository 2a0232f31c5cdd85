/**
 * `@widget-tokens/client/bindings`: the framework-neutral half of the React
 * and Vue bindings (`@widget-tokens/react`, `@widget-tokens/vue`): holding an
 * adapter while components use it, its callbacks, and the opener type.
 */
import type { WidgetAdapter, WidgetEvents } from "./adapters/adapter-core.js";

/**
 * A client from `createWidgetClient` (`@widget-tokens/client`), whatever
 * providers it was given: the hooks check at render that it has theirs.
 */
export interface AnyWidgetClient {
  destroy(): void;
}

/**
 * `open` of `useWidget`: the adapter's own opening method (`open` for Fluz and
 * Jackpot, `mount` for impact.com, `setup` for Gr4vy), with the same
 * arguments. It never rejects: a failure resolves `undefined` and shows in
 * `error` (and `onError`).
 */
export type WidgetOpener<A> = A extends { open(...args: infer P): Promise<infer R> }
  ? (...args: P) => Promise<R | undefined>
  : A extends { mount(...args: infer P): Promise<infer R> }
    ? (...args: P) => Promise<R | undefined>
    : A extends { setup(...args: infer P): Promise<infer R> }
      ? (...args: P) => Promise<R | undefined>
      : never;

/** What the hooks call when the widget reports (each adapter's `on` events). */
export interface WidgetCallbacks {
  /** The widget is showing. */
  onOpen?: ((event: WidgetEvents["open"]) => void) | undefined;
  /** The shopper closed it without finishing. */
  onClose?: ((event: WidgetEvents["close"]) => void) | undefined;
  /** The shopper finished; `event.detail` is what the provider reported. */
  onSuccess?: ((event: WidgetEvents["success"]) => void) | undefined;
  /** The token request, the provider's script or the widget failed. */
  onError?: ((event: WidgetEvents["error"]) => void) | undefined;
}

/** The callbacks' names, in the order of the adapter events they listen to. */
export const CALLBACKS = [
  ["open", "onOpen"],
  ["close", "onClose"],
  ["success", "onSuccess"],
  ["error", "onError"],
] as const;

/** The adapter behind `client[id]`, or a clear error when the client was not given that provider. */
export function adapterOf(client: AnyWidgetClient, id: string, caller: string): WidgetAdapter {
  const adapter = id in client ? (client as unknown as Record<string, unknown>)[id] : undefined;
  if (typeof adapter !== "object" || adapter === null) {
    throw new TypeError(
      `${caller}("${id}"): the widget client has no "${id}" provider. Add ${id}() from "@widget-tokens/client/${id}" to createWidgetClient's providers.`,
    );
  }
  return adapter as WidgetAdapter;
}

const holders = new WeakMap<WidgetAdapter, number>();

/**
 * Hold an adapter while a component uses it; the returned function lets go.
 * When the last holder lets go, `destroy()` runs a microtask later, unless a
 * component took it again in the meantime: React's StrictMode unmounting and
 * remounting every effect, or a Vue `v-if`/`v-else` pair swapping in one
 * render, keeps one widget; a real unmount closes it, aborts what is pending
 * and drops its listeners.
 */
export function retain(adapter: WidgetAdapter): () => void {
  holders.set(adapter, (holders.get(adapter) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    holders.set(adapter, (holders.get(adapter) ?? 1) - 1);
    queueMicrotask(() => {
      if (holders.get(adapter) !== 0) return;
      holders.delete(adapter);
      adapter.destroy();
    });
  };
}

/**
 * Forward an adapter's events to the component's callbacks, read afresh on
 * each event (`current()`: React's latest props, Vue's options). Returns one
 * function per listener, to stop them.
 */
export function forwardCallbacks(
  adapter: WidgetAdapter,
  current: () => WidgetCallbacks,
): (() => void)[] {
  return CALLBACKS.map(([event, name]) =>
    adapter.on(event, (e) => (current()[name] as ((e: unknown) => void) | undefined)?.(e)),
  );
}

/**
 * What `useWidget`'s `open` runs: the adapter's opening method (`open`,
 * `mount` or `setup`) with the caller's arguments. It never rejects for a
 * failed opening: that resolves `undefined` and shows in `error`.
 */
export function openWidget(adapter: WidgetAdapter, id: string, args: unknown[]): Promise<unknown> {
  const methods = adapter as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const method = ["open", "mount", "setup"].find((m) => typeof methods[m] === "function");
  if (!method) return Promise.reject(new TypeError(`useWidget("${id}"): no open method`));
  return methods[method]!(...args).catch(() => undefined);
}
