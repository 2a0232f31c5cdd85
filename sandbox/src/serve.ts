import { randomBytes } from "node:crypto";
import type { Router } from "express";

/** Serve a stand-in widget script (never cached, so a restarted sandbox is picked up). */
export function serveScript(router: Router, path: string, script: string): void {
  router.get(path, (_req, res) => {
    res.type("text/javascript").set("Cache-Control", "no-cache").send(script);
  });
}

/**
 * Serve a page that merchants frame: inline script and style allowed only
 * with a fresh nonce, requests only to its own origin, any parent may frame it.
 */
export function serveFramePage(
  router: Router,
  path: string,
  render: (nonce: string) => string,
): void {
  router.get(path, (_req, res) => {
    const nonce = randomBytes(16).toString("base64");
    res
      .set(
        "Content-Security-Policy",
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; frame-ancestors *`,
      )
      .type("html")
      .send(render(nonce));
  });
}
