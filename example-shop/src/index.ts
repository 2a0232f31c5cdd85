/**
 * @widget-tokens/example-shop: a small shop to try @widget-tokens/testing on.
 * Its own sign-in, and one page per provider opening the widget with the
 * drop-in loader, configured from the sandbox's `.env.sandbox`.
 */
export { type RunningExampleShop, createExampleShop, startExampleShop } from "./example-shop.js";
export {
  type ExampleShopConfig,
  PROVIDER_VARIABLES,
  type ShopProvider,
  configuredProviders,
} from "./shop-config.js";
export { CART } from "./pages.js";
