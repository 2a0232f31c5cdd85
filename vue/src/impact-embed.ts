import { type WidgetClientError, shopperMessage } from "@widget-tokens/client";
import type { WidgetEvents } from "@widget-tokens/client";
import type { ImpactMount } from "@widget-tokens/client/impact";
import {
  type PropType,
  type SlotsType,
  defineComponent,
  h,
  onBeforeUnmount,
  onMounted,
  shallowRef,
  watch,
} from "vue";
import { useWidget } from "./use-widget.js";
import type { AnyWidgetClient } from "./widgets.js";

/**
 * The impact.com (SaaSquatch) `<impact-embed>` for the signed-in user, through
 * the client's impact adapter: it fetches a user token, loads squatch-js once
 * and renders the widget in a `<div>` (which takes your `class`, `style`, …
 * and a `data-widget-state` attribute). Changing `widget` or `locale` renders
 * it again; unmounting removes it. On the server it renders the `<div>` and
 * the `fallback` slot only. Slots: `fallback` (until the widget is there),
 * `error` (`{ error }`; default a shopper-facing sentence in a `role="alert"`
 * paragraph). Events: `open`, `close`, `success`, `error`.
 *
 * @example
 * // <ImpactEmbed widget="p/referral-program/w/referrerWidget">
 * //   <template #fallback><p>Loading your referral link…</p></template>
 * // </ImpactEmbed>
 */
export const ImpactEmbed = /* @__PURE__ */ defineComponent({
  name: "ImpactEmbed",
  props: {
    /** The widget to render: `p/<program>/w/<widget>`. */
    widget: { type: String, required: true },
    /** Like `en_US`: asked of the server (it goes into the token) and of the widget. */
    locale: { type: String, default: undefined },
    /** Use this client instead of the provided one. */
    client: { type: Object as PropType<AnyWidgetClient>, default: undefined },
  },
  emits: {
    open: (_event: WidgetEvents["open"]) => true,
    close: (_event: WidgetEvents["close"]) => true,
    success: (_event: WidgetEvents["success"]) => true,
    error: (_event: WidgetEvents["error"]) => true,
  },
  slots: Object as SlotsType<{ fallback?: object; error?: { error: WidgetClientError } }>,
  setup(props, { emit, slots }) {
    const {
      open: mount,
      state,
      error,
    } = useWidget("impact", {
      client: props.client,
      onOpen: (e) => emit("open", e),
      onClose: (e) => emit("close", e),
      onSuccess: (e) => emit("success", e),
      onError: (e) => emit("error", e),
    });
    const host = shallowRef<HTMLElement>();
    let cancel: (() => void) | undefined;

    const render = () => {
      cancel?.();
      const container = host.value;
      if (!container) return;
      // A fresh target per render of the widget, so that a late answer for a
      // previous `widget` can only fill a detached element.
      const target = container.appendChild(document.createElement("div"));
      let cancelled = false;
      let mounted: ImpactMount | undefined;
      const { widget, locale } = props;
      void mount(target, locale === undefined ? { widget } : { widget, locale }).then((m) => {
        if (cancelled) m?.unmount();
        else mounted = m;
      });
      cancel = () => {
        cancelled = true;
        mounted?.unmount();
        target.remove();
      };
    };
    onMounted(render);
    watch(() => [props.widget, props.locale], render);
    onBeforeUnmount(() => cancel?.());

    return () => {
      const failure = state.value === "error" ? error.value : undefined;
      return h("div", { "data-widget-state": state.value }, [
        h("div", { ref: host }),
        failure
          ? (slots.error?.({ error: failure }) ??
            h("p", { role: "alert" }, shopperMessage(failure)))
          : state.value !== "open"
            ? slots.fallback?.()
            : null,
      ]);
    };
  },
});
