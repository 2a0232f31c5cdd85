/**
 * Every provider the drop-in knows, by `data-widget` value, and what starts
 * it: `click` (`<button data-widget="fluz">` opens a modal when clicked) or
 * `mount` (`<div data-widget="impact">` is filled as soon as the page names
 * it). One chunk is built per entry (`drop-in/<id>.ts`). A new provider is a
 * line here and its chunk file.
 */
export const DROP_IN_TRIGGERS: Readonly<Record<string, "click" | "mount">> = {
  fluz: "click",
  jackpot: "click",
  impact: "mount",
  gr4vy: "mount",
};
