import { fluzSection } from "./fluz.js";
import type { DemoSection } from "./section.js";

/** The account page's provider sections, in page order. One line per provider. */
export const SECTIONS: readonly DemoSection[] = [fluzSection];
