import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Logger,
  type Store,
  type WidgetTokensMiddleware,
  memoryStore,
  widgetTokens,
} from "@widget-tokens/server";
import express, { type Express } from "express";
import helmet from "helmet";
import { accountRoutes } from "./account-routes.js";
import { type Ledger, storeLedger } from "./ledger.js";
import { accountPage } from "./pages/account.js";
import { dropInPage } from "./pages/drop-in.js";
import { REFERRAL_CODE, referralLandingPage } from "./pages/referral-landing.js";
import { signInPage } from "./pages/sign-in.js";
import { SECTIONS, SECTION_NAV } from "./sections/index.js";
import type { SectionContext } from "./sections/section.js";
import { currentUser, demoSession, setUser } from "./session.js";

export interface DemoAppOptions extends Omit<SectionContext, "ledger" | "middleware" | "issued"> {
  store?: Store | undefined;
  logger?: Logger | undefined;
  /** Passed to the middleware (tests tighten it). */
  rateLimit?: Parameters<typeof widgetTokens>[0]["rateLimit"] | undefined;
}

const here = dirname(fileURLToPath(import.meta.url));
const clientDist = dirname(
  createRequire(import.meta.url).resolve("@widget-tokens/client/loader.js"),
);

/**
 * The demo merchant: a shop with its own sign-in, which mounts widget-tokens
 * at /widget-tokens exactly as a merchant would.
 */
export function createDemoApp(options: DemoAppOptions): {
  app: Express;
  tokens: WidgetTokensMiddleware;
  /**
   * Transfer tokens (Fluz, Jackpot) reported by `onIssued`, and 201 answers
   * to their routes that were sent in full: equal after a clean shutdown.
   */
  counts: { readonly issued: number; readonly answered: number };
  /** Stop the middleware and what the demo made for itself. */
  close(): Promise<void>;
} {
  // Store credit lives on the server, with the shop's other shared state (Redis with REDIS_URL).
  const ledgerStore = options.store ?? memoryStore();
  const counts = { issued: 0, answered: 0 };
  const ledger: Ledger = storeLedger(ledgerStore);
  const ctx: SectionContext = {
    secrets: options.secrets,
    sandboxUrl: options.sandboxUrl,
    store: options.store,
    ledger,
    issued: () => {
      counts.issued++;
    },
    middleware: () => tokens,
  };
  const providers = Object.assign({}, ...SECTIONS.map((s) => s.provider(ctx)));
  const clientConfig = Object.assign(
    { endpoint: "/widget-tokens" },
    ...SECTIONS.map((s) => s.client(ctx)),
  );
  const csp = SECTIONS.map((s) => s.csp?.(ctx) ?? {});
  const sources = (key: keyof (typeof csp)[number]) => [
    ...new Set(csp.flatMap((c) => c[key] ?? [])),
  ];

  const app = express();
  app.disable("x-powered-by");
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...sources("scriptSrc")],
          frameSrc: ["'self'", ...sources("frameSrc")],
          connectSrc: ["'self'", ...sources("connectSrc")],
          imgSrc: ["'self'", "data:", ...sources("imgSrc")],
          styleSrc: ["'self'", "'unsafe-inline'", ...sources("styleSrc")],
          // The sandbox is plain http on loopback; a real deployment keeps this on.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(demoSession(options.secrets.SESSION_SECRET!));

  const tokens = widgetTokens({
    identify: (req) => {
      const user = currentUser(req as express.Request);
      return (
        user && {
          id: user.id,
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
          locale: user.locale,
        }
      );
    },
    // The shop's policy, section by section (a withdrawal within the store credit, say).
    authorize: async (auth) => {
      for (const section of SECTIONS) {
        if (section.authorize && !(await section.authorize(auth, ctx))) return false;
      }
      return true;
    },
    providers,
    // The store credit changes here only: when a provider's notification settled a
    // Fluz transfer or a Jackpot conversion (a Gr4vy payment confirms an order instead).
    // impact.com's notification that a referral widget verified the shopper confirms
    // their referral account; no money moves.
    ledger: {
      onSettled: async (entry) => {
        if (entry.provider === "fluz" || entry.provider === "jackpot") await ledger.credit(entry);
        if (entry.provider === "impact") await ledger.confirmReferral(entry);
      },
    },
    store: options.store,
    logger: options.logger,
    rateLimit: options.rateLimit,
  });
  app.use("/widget-tokens", (req, res, next) => {
    if (req.path === "/fluz/pat-token" || req.path === "/jackpot/session-token") {
      res.once("finish", () => {
        if (res.statusCode === 201) counts.answered++;
      });
    }
    next();
  });
  app.use("/widget-tokens", tokens);

  app.get(["/favicon.svg", "/favicon.ico"], (_req, res) => {
    res.type("image/svg+xml").set("Cache-Control", "public, max-age=86400");
    res.sendFile(join(here, "public", "favicon.svg"));
  });
  app.use("/assets/client", express.static(clientDist, { maxAge: 0 }));
  app.use("/assets", express.static(join(here, "public"), { maxAge: 0 }));
  app.use(express.urlencoded({ extended: false, limit: "4kb" }));

  app.get("/", (req, res) => {
    res.redirect(currentUser(req) ? "/account" : "/sign-in");
  });
  app.get("/sign-in", (_req, res) => {
    res.type("html").send(signInPage());
  });
  app.post("/sign-in", (req, res) => {
    const field = (name: string, max = 64) =>
      String(req.body?.[name] ?? "")
        .trim()
        .slice(0, max);
    const id = field("userId");
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(id)) {
      res.status(400).type("html").send(signInPage("Enter a user id: letters, digits, _ . @ -"));
      return;
    }
    const firstName = field("firstName") || "Guest";
    const lastName = field("lastName");
    setUser(req, {
      id,
      firstName,
      lastName,
      email: `${id.toLowerCase()}@example.com`,
      locale: "en_US",
    });
    res.redirect(303, "/account");
  });
  app.post("/sign-out", (req, res) => {
    setUser(req, null);
    res.redirect(303, "/sign-in");
  });
  app.get("/account", async (req, res) => {
    const user = currentUser(req);
    if (!user) return res.redirect("/sign-in");
    const balance = await ledger.balance(user.id);
    res.type("html").send(accountPage(user, SECTIONS, SECTION_NAV, clientConfig, balance));
  });
  app.get("/drop-in", async (req, res) => {
    const user = currentUser(req);
    if (!user) return res.redirect("/sign-in");
    const balance = await ledger.balance(user.id);
    res.type("html").send(dropInPage(user, SECTION_NAV, loaderAttributes(clientConfig), balance));
  });
  accountRoutes(app, ledger);
  // Where a shared referral link lands: open to everyone, signed in or not.
  app.get("/r/:code", (req, res) => {
    const code = REFERRAL_CODE.test(req.params.code) ? req.params.code : undefined;
    res
      .status(code ? 200 : 404)
      .type("html")
      .send(referralLandingPage(currentUser(req), SECTION_NAV, code));
  });
  for (const section of SECTIONS) section.routes?.(app, ctx, SECTION_NAV);
  return {
    app,
    tokens,
    counts,
    async close() {
      await tokens.close();
      if (!options.store) await ledgerStore.close();
    },
  };
}

/**
 * The client config as the drop-in loader's `data-*` attributes:
 * `{fluz: {scriptUrl}}` becomes `data-fluz-script-url`.
 */
function loaderAttributes(config: Record<string, unknown>): Record<string, string> {
  const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === "string") attrs[kebab(key)] = value;
    else if (typeof value === "object" && value !== null) {
      for (const [option, v] of Object.entries(value)) {
        if (typeof v === "string") attrs[`${kebab(key)}-${kebab(option)}`] = v;
      }
    }
  }
  return attrs;
}

/** Sandbox options for every section, from the same secrets. */
export function demoSandboxOptions(secrets: Record<string, string>) {
  return Object.assign({}, ...SECTIONS.map((s) => s.sandbox(secrets)));
}
