import { createServer } from "node:http";
import { widgetTokens } from "@widget-tokens/server";
import express from "express";
import { type Running, listen } from "./deploy-shop.js";

/** The bearer token the shop's own auth gives the page (a stand-in: any opaque value). */
const SHOP_ACCESS_TOKEN = "shop-access-token-for-cust_bearer";

/**
 * A shop whose pages and middleware are on two sites: the page on
 * `127.0.0.1:A`, the middleware on `localhost:B` (another site to the
 * browser). `localhost:B/sign-in` signs the shopper in with a session
 * cookie (`SameSite=Lax`, what most session libraries set), which the browser
 * keeps from the page's cross-site token requests; `identify` also takes
 * `Authorization: Bearer …`, which the page sends when it is opened with
 * `?bearer` (`WidgetTokens.configure({ headers })`).
 */
export async function startCrossSite(settings: {
  sandboxUrl: string;
  secrets: Record<string, string>;
}): Promise<{ page: Running; api: Running; close(): Promise<void> }> {
  let apiUrl = "";
  const site = express();
  site.get("/", (req, res) => {
    const bearer =
      "bearer" in req.query
        ? `<script type="module">WidgetTokens.configure({ headers: () => ({ Authorization: "Bearer ${SHOP_ACCESS_TOKEN}" }) });</script>`
        : "";
    res.type("html").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop on another site</title></head>
<body><main><h1>Quick transfer</h1>
<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit $5</button>
</main>
<script src="${apiUrl}/widget-tokens/loader.js" data-endpoint="${apiUrl}/widget-tokens"
  data-fluz-script-url="${settings.sandboxUrl}/fluz/widget.js" defer></script>
${bearer}
</body></html>`);
  });
  const page = await listen(createServer(site), 0);

  const app = express();
  app.get("/sign-in", (_req, res) => {
    res.cookie("session", "cust_cookie", { httpOnly: true, sameSite: "lax", path: "/" });
    res.type("text").send("Signed in");
  });
  app.use(
    "/widget-tokens",
    widgetTokens({
      identify: (req) => {
        if (req.headers.authorization === `Bearer ${SHOP_ACCESS_TOKEN}`)
          return { id: "cust_bearer" };
        return /(?:^|;\s*)session=cust_cookie(?:;|$)/.test(req.headers.cookie ?? "")
          ? { id: "cust_cookie" }
          : null;
      },
      allowedOrigins: [page.url],
      corsAllowHeaders: ["Authorization"],
      loader: { crossOrigin: true },
      providers: {
        fluz: {
          apiKey: settings.secrets.FLUZ_API_KEY!,
          apiSecret: settings.secrets.FLUZ_API_SECRET!,
        },
      },
    }),
  );
  const api = await listen(createServer(app), 0);
  apiUrl = `http://localhost:${api.port}`;
  return {
    page,
    api: { ...api, url: apiUrl },
    close: async () => {
      await page.close();
      await api.close();
    },
  };
}
