/**
 * The impact.com drop-in chunk:
 * `<div data-widget="impact" data-impact-widget="p/referral-program/w/referrerWidget">`
 * (optional `data-impact-locale="en_US"`), rendered as soon as the page names
 * it. Tenant alias, domain and script URL come from the loader tag's
 * `data-impact-tenant-alias`, `data-impact-domain`, `data-impact-script-url`.
 */
import { type ImpactWidget, impact } from "../adapters/impact.js";
import type { DropIn } from "./drop-in.js";

export const provider: DropIn<ImpactWidget>["provider"] = impact;

export const start: DropIn<ImpactWidget>["start"] = (el, widget) =>
  widget.mount(el, {
    widget: el.dataset.impactWidget ?? "",
    locale: el.dataset.impactLocale || undefined,
  });
