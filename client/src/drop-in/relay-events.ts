import type { WidgetAdapter } from "../adapters/adapter-core.js";
import type { DropInEmit } from "./drop-in.js";

const TYPES = ["open", "close", "success", "error"] as const;

/**
 * Re-dispatch a widget's events on the drop-in element. With `untilDone`,
 * the relay stops by itself once the widget closes or succeeds (the next
 * click relays to its own element). Returns `stop`, for a failed open.
 */
export function relayEvents(
  widget: Pick<WidgetAdapter, "on">,
  emit: DropInEmit,
  untilDone: boolean,
): () => void {
  const offs = TYPES.map((type) => widget.on(type, (event) => emit(type, event)));
  const stop = () => {
    for (const off of offs.splice(0)) off();
  };
  if (untilDone) offs.push(widget.on("close", stop), widget.on("success", stop));
  return stop;
}
