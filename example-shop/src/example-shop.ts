import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { realSandboxes } from "@widget-tokens/sandbox";
import {
  type ProvidersOptions,
  type WidgetTokensMiddleware,
  createMerchantApiClient,
  widgetTokens,
} from "@widget-tokens/server";
import cookieSession from "cookie-session";
import express, { type Express, type Request } from "express";
import {
  CART,
  type ShopUser,
  accountPage,
  checkoutPage,
  orderPage,
  referPage,
  signInPage,
  vouchersPage,
} from "./pages.js";
import { type ExampleShopConfig, configuredProviders, gr4vyPrivateKey } from "./shop-config.js";

type SessionRequest = Request & { session?: { user?: ShopUser } | null };

const currentUser = (req: Request): ShopUser | null => {
  const user = (req as SessionRequest).session?.user;
  return user && typeof user.id === "string" ? user : null;
};

/** The server's `providers`, for every provider `.env.sandbox` configures. */
function providersOf(config: ExampleShopConfig): ProvidersOptions {
  const { env, sandboxUrl } = config;
  const has = new Set(configuredProviders(env));
  const v = (name: string) => env[name] as string;
  return {
    ...(has.has("fluz")
      ? { fluz: { apiKey: v("FLUZ_API_KEY"), apiSecret: v("FLUZ_API_SECRET") } }
      : {}),
    ...(has.has("impact")
      ? {
          impact: {
            accountSid: v("IMPACT_ACCOUNT_SID"),
            authToken: v("IMPACT_AUTH_TOKEN"),
            tenantAlias: v("IMPACT_TENANT_ALIAS"),
          },
        }
      : {}),
    ...(has.has("gr4vy")
      ? {
          gr4vy: {
            gr4vyId: v("GR4VY_ID"),
            privateKey: gr4vyPrivateKey(v("GR4VY_PRIVATE_KEY")),
            environment: "sandbox" as const,
            // The cart is the server's: every shopper pays for the same one.
            checkout: (_req: Request, user: { id: string }) => ({
              amount: CART.amount,
              currency: CART.currency,
              buyerExternalIdentifier: user.id,
            }),
          },
        }
      : {}),
    ...(has.has("jackpot")
      ? {
          jackpot: {
            apiKey: v("JACKPOT_API_KEY"),
            apiSignature: v("JACKPOT_API_SIGNATURE"),
            baseUrl: `${sandboxUrl}/jackpot`,
          },
        }
      : {}),
    ...(has.has("merchantApi")
      ? {
          merchantApi: {
            client: createMerchantApiClient({
              baseUrl:
                realSandboxes(env).get("merchantApi")?.urls.api ?? `${sandboxUrl}/merchant-api`,
              merchantId: v("MERCHANT_API_MERCHANT_ID"),
              email: v("MERCHANT_API_EMAIL"),
              password: v("MERCHANT_API_PASSWORD"),
              // The default login backoff (10 s): a customer's decline switch never takes
              // this session away, so the backoff holds back no other test's call.
            }),
            // A shopper may create a profile for their own address only.
            expose: [
              {
                method: "POST" as const,
                path: "/v2/customer/create",
                authorize: ({
                  user,
                  request,
                }: { user: { email?: string | undefined }; request: unknown }) =>
                  (request as { email?: unknown }).email === user.email,
              },
            ],
          },
        }
      : {}),
  };
}

/**
 * The drop-in loader's `data-*` attributes: where each provider's script and
 * frames are: the sandbox's stand-in, or the provider's own test environment
 * when WIDGET_TOKENS_REAL_SANDBOXES names it.
 */
function loaderAttributes(config: ExampleShopConfig): Record<string, string> {
  const { env, sandboxUrl } = config;
  const has = new Set(configuredProviders(env));
  const real = realSandboxes(env);
  const impact = real.get("impact")?.urls;
  const gr4vy = real.get("gr4vy")?.urls;
  return {
    endpoint: "/widget-tokens",
    ...(has.has("fluz") ? { "fluz-script-url": `${sandboxUrl}/fluz/widget.js` } : {}),
    ...(has.has("impact")
      ? {
          "impact-tenant-alias": env.IMPACT_TENANT_ALIAS as string,
          "impact-script-url": impact?.squatchJs ?? `${sandboxUrl}/impact/squatch.js`,
          "impact-domain": impact?.domain ?? `${sandboxUrl}/impact`,
        }
      : {}),
    ...(has.has("gr4vy")
      ? {
          "gr4vy-gr4vy-id": env.GR4VY_ID as string,
          "gr4vy-environment": "sandbox",
          "gr4vy-script-url": gr4vy?.embedScript ?? `${sandboxUrl}/gr4vy/gr4vy-embed.js`,
        }
      : {}),
    ...(has.has("jackpot") ? { "jackpot-iframe-url": `${sandboxUrl}/jackpot/widget` } : {}),
  };
}

/**
 * The example shop: its own sign-in (any user id), and one page per provider
 * opening the widget with the drop-in loader, against the sandbox.
 */
export function createExampleShop(config: ExampleShopConfig): {
  app: Express;
  tokens: WidgetTokensMiddleware;
} {
  if (!config.sandboxUrl) throw new TypeError("sandboxUrl is required (SANDBOX_URL)");
  const has = new Set(configuredProviders(config.env));
  const loader = loaderAttributes(config);
  const app = express();
  app.disable("x-powered-by");
  app.use(
    cookieSession({
      name: "example_shop",
      keys: [config.sessionSecret ?? randomBytes(32).toString("base64url")],
      httpOnly: true,
      sameSite: "lax",
    }),
  );
  const tokens = widgetTokens({
    identify: (req) => {
      const user = currentUser(req as Request);
      return (
        user && {
          id: user.id,
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
        }
      );
    },
    providers: providersOf(config),
  });
  app.use("/widget-tokens", tokens);
  app.use(express.urlencoded({ extended: false, limit: "4kb" }));

  const signedIn =
    (render: (user: ShopUser) => string): express.RequestHandler =>
    (req, res) => {
      const user = currentUser(req);
      if (!user) return res.redirect("/sign-in");
      res.type("html").send(render(user));
    };

  app.get("/", (req, res) => res.redirect(currentUser(req) ? "/account" : "/sign-in"));
  app.get("/sign-in", (_req, res) => {
    res.type("html").send(signInPage());
  });
  app.post("/sign-in", (req, res) => {
    const field = (name: string) =>
      String(req.body?.[name] ?? "")
        .trim()
        .slice(0, 64);
    const id = field("userId");
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(id)) {
      res.status(400).type("html").send(signInPage("Enter a user id: letters, digits, _ . @ -"));
      return;
    }
    (req as SessionRequest).session = {
      user: {
        id,
        firstName: field("firstName") || "Guest",
        lastName: field("lastName") || "Shopper",
        email: `${id.toLowerCase()}@shop.example`,
      },
    };
    res.redirect(303, "/account");
  });
  app.post("/sign-out", (req, res) => {
    (req as SessionRequest).session = null;
    res.redirect(303, "/sign-in");
  });
  app.get(
    "/account",
    signedIn((u) =>
      accountPage(u, loader, { fluz: has.has("fluz"), merchantApi: has.has("merchantApi") }),
    ),
  );
  app.get(
    "/refer",
    signedIn((u) => referPage(u, loader)),
  );
  app.get(
    "/checkout",
    signedIn((u) => checkoutPage(u, loader)),
  );
  app.get(
    "/vouchers",
    signedIn((u) => vouchersPage(u, loader)),
  );
  // Embed submits the form with the transaction's status. (A real shop reads
  // the transaction back from Gr4vy's API before it ships anything.)
  app.post("/orders", (req, res) => {
    const user = currentUser(req);
    if (!user) return res.redirect(303, "/sign-in");
    res.type("html").send(orderPage(user, String(req.body?.gr4vy_transaction_status ?? "")));
  });
  return { app, tokens };
}

export interface RunningExampleShop {
  url: string;
  close(): Promise<void>;
}

/**
 * Start the example shop on `port` (0: a free one) on `host`.
 *
 * @example
 * const shop = await startExampleShop({ port: 3000, sandboxUrl: process.env.SANDBOX_URL!, env: process.env });
 */
export async function startExampleShop(
  options: ExampleShopConfig & { port?: number; host?: string },
): Promise<RunningExampleShop> {
  const { app, tokens } = createExampleShop(options);
  const host = options.host ?? "localhost";
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tokens.close();
    },
  };
}
