import express from "express";
import type { WidgetTokensMiddleware } from "../../src/index.js";

/**
 * What a shop mounts beside widget-tokens: a page of its own and the
 * documented probes. Pass `router` as startTestApp's `before`, then `bind`
 * the app's middleware (the probes are its `liveness` and `readiness`).
 *
 * @example
 * const shop = shopBeside();
 * const app = await startTestApp(options, { before: [shop.router] });
 * shop.bind(app.tokens);
 * await fetch(`${app.url}/readyz`); // 200 {"ready":true,…}
 */
export function shopBeside(): {
  router: express.Router;
  bind(tokens: WidgetTokensMiddleware): void;
} {
  let tokens: WidgetTokensMiddleware | undefined;
  const router = express.Router();
  router.get("/shop", (_req, res) => {
    res.send("<h1>Shop</h1>");
  });
  router.get("/livez", (req, res) => tokens!.liveness(req, res));
  router.get("/readyz", (req, res) => tokens!.readiness(req, res));
  return {
    router,
    bind(t) {
      tokens = t;
    },
  };
}

/**
 * The shop's own page, the drop-in and both probes, each as status (and
 * readiness's `ready`): what must stay green while a dependency is down.
 */
export async function shopStatus(url: string): Promise<Record<string, unknown>> {
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    const text = await res.text();
    return { res, text };
  };
  const [shop, loader, livez, readyz] = await Promise.all(
    ["/shop", "/widget-tokens/loader.js", "/livez", "/readyz"].map(get),
  );
  return {
    shop: shop!.res.status,
    loader: loader!.res.status,
    livez: livez!.res.status,
    readyz: readyz!.res.status,
    ready: (JSON.parse(readyz!.text) as { ready: boolean }).ready,
  };
}

/** What `shopStatus` reads when all is well. */
export const SHOP_GREEN = { shop: 200, loader: 200, livez: 200, readyz: 200, ready: true };
