import { type WidgetClientError, shopperMessage } from "@widget-tokens/client";
import type { ImpactMount } from "@widget-tokens/client/impact";
import { type HTMLAttributes, type ReactNode, useEffect, useRef } from "react";
import { type UseWidgetOptions, useWidget } from "./use-widget.js";

export interface ImpactEmbedProps
  extends UseWidgetOptions,
    Omit<HTMLAttributes<HTMLDivElement>, "children" | "onError"> {
  /** The widget to render: `p/<program>/w/<widget>`. */
  widget: string;
  /** Like `en_US`: asked of the server (it goes into the token) and of the widget. */
  locale?: string;
  /** Shown until the widget is there (server rendering included). */
  fallback?: ReactNode;
  /**
   * What to show when it failed. Default: a short shopper-facing sentence
   * (`shopperMessage` of the client) in a `role="alert"` paragraph; `null` for nothing.
   */
  renderError?: ((error: WidgetClientError) => ReactNode) | null;
}

const defaultError = (error: WidgetClientError) => <p role="alert">{shopperMessage(error)}</p>;

/**
 * The impact.com (SaaSquatch) `<impact-embed>` for the signed-in user, through
 * the client's impact adapter: it fetches a user token, loads squatch-js once
 * and renders the widget in a `<div>` (which takes your `className`, `style`, …
 * and a `data-widget-state` attribute). Changing `widget` or `locale` renders
 * it again; unmounting removes it. On the server it renders the `<div>` and
 * `fallback` only.
 *
 * @example
 * <ImpactEmbed widget="p/referral-program/w/referrerWidget" fallback={<p>Loading your referral link…</p>} />
 */
export function ImpactEmbed({
  widget,
  locale,
  fallback = null,
  renderError = defaultError,
  client,
  onOpen,
  onClose,
  onSuccess,
  onError,
  ...rest
}: ImpactEmbedProps) {
  const {
    open: mount,
    state,
    error,
  } = useWidget("impact", {
    client,
    onOpen,
    onClose,
    onSuccess,
    onError,
  });
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = host.current;
    if (!container) return;
    // A fresh target per render of the widget, so that a late answer for a
    // previous `widget` can only fill a detached element.
    const target = container.appendChild(document.createElement("div"));
    let cancelled = false;
    let mounted: ImpactMount | undefined;
    // Started a microtask later: StrictMode's synchronous unmount and remount
    // cancel the first run, so one token request and one <impact-embed>.
    queueMicrotask(() => {
      if (cancelled) return;
      void mount(target, locale === undefined ? { widget } : { widget, locale }).then((m) => {
        if (cancelled) m?.unmount();
        else mounted = m;
      });
    });
    return () => {
      cancelled = true;
      mounted?.unmount();
      target.remove();
    };
  }, [mount, widget, locale]);

  return (
    <div {...rest} data-widget-state={state}>
      <div ref={host} />
      {state === "error" && error ? renderError?.(error) : state !== "open" ? fallback : null}
    </div>
  );
}
