import { escapeHtml, scriptJson } from "../html.js";
import type { DemoUser } from "../session.js";

/** A link in the shop's navigation. */
export interface NavLink {
  href: string;
  label: string;
}

export interface PageOptions {
  title: string;
  user: DemoUser | null;
  /**
   * The sections' links, after the shop's own (Account, Quick transfer). The
   * caller passes them: the layout knows no section, so no page depends on them.
   */
  nav?: readonly NavLink[];
  body: string;
  /** Module scripts under /assets. */
  modules?: string[];
  /** Raw `<script>` tags (already safe), e.g. the drop-in loader. */
  scripts?: string[];
  /** JSON handed to the page's modules as #demo-config. */
  config?: unknown;
}

/** The shop's page shell: header, navigation, main. */
export function page(o: PageOptions): string {
  const nav = o.user
    ? `<nav class="nav" aria-label="Account">
        <a href="/account">Account</a><a href="/drop-in">Quick transfer</a>
        ${(o.nav ?? []).map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join("")}
        <span class="who" id="signed-in-as">${escapeHtml(o.user.firstName)} ${escapeHtml(o.user.lastName)}</span>
        <form method="post" action="/sign-out"><button class="link" type="submit">Sign out</button></form>
      </nav>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} · Northwind Outfitters</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/demo.css">
${o.config === undefined ? "" : `<script type="application/json" id="demo-config">${scriptJson(o.config)}</script>`}
${(o.scripts ?? []).join("\n")}
${(o.modules ?? []).map((m) => `<script type="module" src="/assets/${escapeHtml(m)}"></script>`).join("\n")}
</head>
<body>
<header class="top">
  <a class="logo" href="/"><span class="mark">N</span>Northwind Outfitters</a>
  ${nav}
</header>
<main class="wrap">${o.body}</main>
<footer class="foot">Demo shop for widget-tokens · every provider runs on the local sandbox</footer>
<div class="toasts" id="toasts" aria-live="polite"></div>
</body>
</html>`;
}
