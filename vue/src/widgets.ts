import type { FluzWidget } from "@widget-tokens/client/fluz";
import type { Gr4vyWidget } from "@widget-tokens/client/gr4vy";
import type { ImpactWidget } from "@widget-tokens/client/impact";
import type { JackpotWidget } from "@widget-tokens/client/jackpot";

/**
 * The adapter type of each provider id, which types `useWidget(id)`. A sixth
 * provider adds itself by declaration merging:
 *
 * @example
 * declare module "@widget-tokens/vue" {
 *   interface WidgetAdapters { acme: AcmeWidget }
 * }
 */
export interface WidgetAdapters {
  fluz: FluzWidget;
  impact: ImpactWidget;
  gr4vy: Gr4vyWidget;
  jackpot: JackpotWidget;
}

/** A provider id `useWidget` knows the adapter of. */
export type WidgetId = keyof WidgetAdapters & string;

export {
  type AnyWidgetClient,
  CALLBACKS,
  type WidgetCallbacks,
  type WidgetOpener,
  adapterOf,
  retain,
} from "@widget-tokens/client/bindings";
