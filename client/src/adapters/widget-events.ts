import type { WidgetClientError } from "../errors.js";

/** The events every modal-style widget adapter reports. */
export interface WidgetEvents {
  /** The widget is showing. */
  open: { provider: string };
  /** The user closed it without finishing. */
  close: { provider: string };
  /** The user finished; `detail` is what the provider reported. */
  success: { provider: string; detail: Record<string, unknown> };
  /** Token request, script load or widget failure. */
  error: { provider: string; error: WidgetClientError };
}
