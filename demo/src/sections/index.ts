import type { NavLink } from "../pages/layout.js";
import { fluzSection } from "./fluz.js";
import { gr4vySection } from "./gr4vy.js";
import { impactSection } from "./impact.js";
import { jackpotSection } from "./jackpot.js";
import { merchantApiSection } from "./merchant-api.js";
import type { DemoSection } from "./section.js";

/** The account page's provider sections, in page order. One line per provider. */
export const SECTIONS: readonly DemoSection[] = [
  fluzSection,
  impactSection,
  jackpotSection,
  gr4vySection,
  merchantApiSection,
];

/** The sections' links in the shop's navigation, in page order. */
export const SECTION_NAV: readonly NavLink[] = SECTIONS.flatMap((s) => (s.nav ? [s.nav] : []));
