import type { Router } from "express";
import { readSquatchJs } from "./squatch-js.js";

/** Where the sandbox serves squatch-js, below its origin. */
export const SANDBOX_SQUATCH_JS_PATH = "/impact/squatch.js";

/**
 * `GET /impact/squatch.js`: the real squatch-js UMD build from npm,
 * unmodified, cached by ETag, readable from any origin.
 *
 * @example
 * mountSquatchJs(router);
 */
export function mountSquatchJs(router: Router): void {
  const squatch = readSquatchJs();
  router.get(SANDBOX_SQUATCH_JS_PATH, (req, res) => {
    res.set({
      "Content-Type": "application/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      ETag: squatch.etag,
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Expose-Headers": "X-Squatch-Js-Version",
      "X-Squatch-Js-Version": squatch.version,
    });
    if (req.headers["if-none-match"] === squatch.etag) {
      res.status(304).end();
      return;
    }
    res.send(squatch.body);
  });
}
