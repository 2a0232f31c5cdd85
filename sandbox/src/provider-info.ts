import type { SandboxProviderId } from "./provider-ids.js";
import { STAND_INS, type StandInOf, allStandIns } from "./stand-ins.js";

/** What tools built on the sandbox (the Playwright fixtures) need to know of a stand-in. */
export interface SandboxProviderInfo {
  /** How people read its name: "Fluz", "impact.com". */
  name: string;
  /** The kind of token its widget carries (`ReceivedToken.kind`). */
  tokenKind: string;
  /** Where its widget lives on the merchant's page (a Playwright selector); null: no widget. */
  widgetFrame: string | null;
}

/** A provider whose stand-in puts a widget on the page (all but the merchant API). */
export type SandboxWidgetProviderId = {
  [Id in SandboxProviderId]: StandInOf<Id>["widgetFrame"] extends string ? Id : never;
}[SandboxProviderId];

/**
 * Each stand-in's name, widget token kind and widget frame, by provider id.
 *
 * @example
 * SANDBOX_PROVIDER_INFO.fluz.widgetFrame; // 'iframe[title="Fluz"]'
 */
export const SANDBOX_PROVIDER_INFO: Readonly<Record<SandboxProviderId, SandboxProviderInfo>> =
  Object.fromEntries(
    allStandIns().map(({ id, name, tokenKind, widgetFrame }) => [
      id,
      Object.freeze({ name, tokenKind, widgetFrame }),
    ]),
  ) as Record<SandboxProviderId, SandboxProviderInfo>;

/**
 * Where each widget lives on the page, for the providers that have one.
 *
 * @example
 * SANDBOX_WIDGET_FRAMES.gr4vy; // 'iframe[title="Gr4vy payment form"]'
 */
export const SANDBOX_WIDGET_FRAMES = Object.fromEntries(
  Object.values(STAND_INS).flatMap((s) => (s.widgetFrame ? [[s.id, s.widgetFrame]] : [])),
) as Readonly<Record<SandboxWidgetProviderId, string>>;
