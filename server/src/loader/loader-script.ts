import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { WidgetTokensOptionError } from "../errors.js";

export interface LoaderScript {
  body: Buffer;
  etag: string;
}

/**
 * The client's IIFE build (`@widget-tokens/client/loader.js`), read once at
 * construction. A missing build is a start-up error, not a 404 at run time.
 */
export function readLoaderScript(): LoaderScript {
  const require = createRequire(import.meta.url);
  let body: Buffer;
  try {
    body = readFileSync(require.resolve("@widget-tokens/client/loader.js"));
  } catch {
    throw new WidgetTokensOptionError(
      "loader",
      "needs the client build (@widget-tokens/client/dist/loader.iife.js): run `npm run build`, or pass loader: false",
    );
  }
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return { body, etag };
}
