import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Logger,
  type Store,
  type WidgetTokensMiddleware,
  widgetTokens,
} from "@widget-tokens/server";
import express, { type Express } from "express";
import helmet from "helmet";
import { accountPage } from "./pages/account.js";
import { dropInPage } from "./pages/drop-in.js";
import { signInPage } from "./pages/sign-in.js";
import { SECTIONS, SECTION_NAV } from "./sections/index.js";
import type { SectionContext } from "./sections/section.js";
import { currentUser, demoSession, setUser } from "./session.js";

export interface DemoAppOptions extends SectionContext {
  store?: Store;
  logger?: Logger;
  /** Passed to the middleware (tests tighten it). */
  rateLimit?: Parameters<typeof widgetTokens>[0]["rateLimit"];
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
} {
  const ctx: SectionContext = {
    secrets: options.secrets,
    sandboxUrl: options.sandboxUrl,
    store: options.store,
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
    authorize: () => true,
    providers,
    store: options.store,
    logger: options.logger,
    rateLimit: options.rateLimit,
  });
  app.use("/widget-tokens", tokens);

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
  app.get("/account", (req, res) => {
    const user = currentUser(req);
    if (!user) return res.redirect("/sign-in");
    res.type("html").send(accountPage(user, SECTIONS, SECTION_NAV, clientConfig));
  });
  app.get("/drop-in", (req, res) => {
    const user = currentUser(req);
    if (!user) return res.redirect("/sign-in");
    res.type("html").send(dropInPage(user, SECTION_NAV, loaderAttributes(clientConfig)));
  });
  for (const section of SECTIONS) section.routes?.(app, ctx, SECTION_NAV);
  return { app, tokens };
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
