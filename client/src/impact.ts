/** `@widget-tokens/client/impact`: the impact.com (SaaSquatch) provider, alone. */
export {
  createImpactWidget,
  impact,
  type ImpactMount,
  type ImpactMountOptions,
  type ImpactWidget,
  type ImpactWidgetOptions,
} from "./adapters/impact.js";
