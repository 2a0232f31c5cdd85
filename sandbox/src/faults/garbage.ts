import type { Response } from "express";
import type { GarbageShape } from "./fault-spec.js";

/** The page a `garbage` `html` fault answers: what a proxy in maintenance sends. */
const MAINTENANCE_PAGE =
  "<!doctype html><html><head><title>Maintenance</title></head><body><p>We will be back soon.</p></body></html>";

/**
 * Answer a `garbage` fault with the status the stand-in chose: an HTML
 * page, the JSON body cut in half, or JSON of the wrong shape.
 *
 * @example
 * sendGarbage(res, "truncated-json", { access_token: "jps_…" }, (b) => ({ status: "ok" }));
 */
export function sendGarbage(
  res: Response,
  shape: GarbageShape,
  body: unknown,
  wrongShape: (body: unknown) => unknown,
): void {
  switch (shape) {
    case "truncated-json": {
      const text = JSON.stringify(body) ?? "{}";
      res.type("application/json").send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return;
    }
    case "wrong-shape":
      res.type("application/json").send(JSON.stringify(wrongShape(body)));
      return;
    default:
      res.type("html").send(MAINTENANCE_PAGE);
  }
}
