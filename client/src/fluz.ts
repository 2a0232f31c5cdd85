/** `@widget-tokens/client/fluz`: the Fluz provider, alone. */
export {
  createFluzWidget,
  fluz,
  type FluzOpenOptions,
  type FluzSession,
  type FluzWidget,
  type FluzWidgetOptions,
} from "./adapters/fluz.js";
