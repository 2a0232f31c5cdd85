/** `@widget-tokens/client/gr4vy`: the Gr4vy Embed provider, alone. */
export {
  createGr4vyWidget,
  gr4vy,
  type Gr4vyEmbed,
  type Gr4vySetupOptions,
  type Gr4vyTransaction,
  type Gr4vyWidget,
  type Gr4vyWidgetOptions,
} from "./adapters/gr4vy.js";
