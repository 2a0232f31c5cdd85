/** What `data-widget-state` says of a drop-in element. */
export type ElementState = "idle" | "loading" | "open" | "error";

/** The class of the message element the drop-in puts after a widget element. */
export const MESSAGE_CLASS = "widget-tokens-message";

const boxes = new WeakMap<HTMLElement, HTMLElement>();

/**
 * Show where a drop-in element is: `data-widget-state` (and `aria-busy`,
 * "true" while loading, "false" otherwise) on the element, and, unless
 * messages are off (the loader tag's or the element's
 * `data-widget-messages="off"`), a polite live region
 * right after it (`<span class="widget-tokens-message" aria-live="polite">`)
 * that holds `message` (what went wrong, in a shopper's words) in the error
 * state and is emptied in every other. The region is created on the first
 * attempt, before any text, so screen readers announce the text when it comes.
 * Given `retry` (a mounted widget, which has no button of its own), the
 * error message ends with a "Try again" button that calls it.
 *
 * @example
 * showState(button, "error", "Please sign in to continue.", true);
 * // <button data-widget-state="error" aria-busy="false">…</button><span class="widget-tokens-message" aria-live="polite">Please sign in to continue.</span>
 */
export function showState(
  el: HTMLElement,
  state: ElementState,
  message: string | undefined,
  messages: boolean,
  retry?: () => void,
): void {
  el.setAttribute("data-widget-state", state);
  el.setAttribute("aria-busy", String(state === "loading"));
  if (!messages || el.dataset.widgetMessages === "off") return;
  let box = boxes.get(el);
  if (box === undefined) {
    if (state === "idle") return;
    box = document.createElement("span");
    box.className = MESSAGE_CLASS;
    box.setAttribute("aria-live", "polite");
    boxes.set(el, box);
    el.after(box);
  }
  const text = (state === "error" && message) || "";
  box.textContent = text;
  if (text && retry) {
    const again = document.createElement("button");
    box.append(" ", again);
    again.type = "button";
    again.textContent = "Try again";
    again.onclick = retry;
  }
}
