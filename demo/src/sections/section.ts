import type { SandboxOptions } from "@widget-tokens/sandbox";
import type {
  AuthorizeContext,
  Store,
  WidgetTokensMiddleware,
  WidgetTokensOptions,
} from "@widget-tokens/server";
import type { Express } from "express";
import type { Ledger } from "../ledger.js";
import type { NavLink } from "../pages/layout.js";
import type { DemoUser } from "../session.js";

/** What a section needs to render and configure itself. */
export interface SectionContext {
  secrets: Record<string, string>;
  /** Origin of the sandbox providers. */
  sandboxUrl: string;
  /** The shop's store (Redis when REDIS_URL is set), for what a section keeps itself. */
  store?: Store | undefined;
  /** The shoppers' store credit, on the server (changed by settled ledger entries only). */
  ledger: Ledger;
  /** Count a transfer token the middleware recorded (`onIssued`): the shutdown report's figure. */
  issued(): void;
  /** The mounted middleware (its ledger, `confirmGr4vyTransaction`), once built. */
  middleware(): WidgetTokensMiddleware;
}

/**
 * One provider's part of the demo: its sandbox credentials, its middleware
 * config, its card on the account page and the browser module that drives it
 * (`public/sections/<id>.js`). Adding a provider to the demo is one file here
 * and one line in `sections/index.ts`.
 */
export interface DemoSection {
  id: string;
  sandbox(secrets: Record<string, string>): Partial<SandboxOptions>;
  provider(ctx: SectionContext): Partial<WidgetTokensOptions["providers"]>;
  /** Client options for this provider (JSON), merged into the page config. */
  client(ctx: SectionContext): Record<string, unknown>;
  /**
   * The shop's policy for this provider's tokens, part of the middleware's
   * `authorize`: false (or a thrown `WidgetTokensError`) refuses with 403.
   */
  authorize?(auth: AuthorizeContext, ctx: SectionContext): boolean | Promise<boolean>;
  /** The card's HTML (already escaped). */
  render(user: DemoUser): string;
  /**
   * Extra pages of the section (a checkout page, say), mounted after the shop's
   * own routes. `nav` is every section's link, for the page header.
   */
  routes?(app: Express, ctx: SectionContext, nav: readonly NavLink[]): void;
  /** A link in the shop's navigation. */
  nav?: NavLink | undefined;
  /** Extra CSP sources the section's widget needs. */
  csp?(ctx: SectionContext): {
    scriptSrc?: string[] | undefined;
    frameSrc?: string[] | undefined;
    connectSrc?: string[] | undefined;
    imgSrc?: string[] | undefined;
    styleSrc?: string[] | undefined;
  };
}
