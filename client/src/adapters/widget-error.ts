import { WidgetClientError } from "../errors.js";

/**
 * Any failure of a widget step as a `WidgetClientError`: a server or client
 * error keeps its code, a script that failed to load is `SCRIPT_LOAD_FAILED`,
 * anything else (the provider's own script threw) is `WIDGET_ERROR`.
 */
export function toWidgetError(error: unknown, fallbackMessage: string): WidgetClientError {
  if (error instanceof WidgetClientError) return error;
  const code =
    (error as { code?: string } | null)?.code === "SCRIPT_LOAD_FAILED"
      ? "SCRIPT_LOAD_FAILED"
      : "WIDGET_ERROR";
  return new WidgetClientError(code, error instanceof Error ? error.message : fallbackMessage, {
    cause: error,
  });
}
