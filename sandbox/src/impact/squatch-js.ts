import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The real squatch-js UMD build, read once from its npm package, never modified. */
export interface SquatchJsBundle {
  body: Buffer;
  version: string;
  etag: string;
}

/**
 * Read `@saasquatch/squatch-js/dist/squatch.min.js` (the package's `umd:main`
 * build, the one the vendor CDN serves) and its version.
 */
export function readSquatchJs(): SquatchJsBundle {
  const require = createRequire(import.meta.url);
  const body = readFileSync(require.resolve("@saasquatch/squatch-js/dist/squatch.min.js"));
  const { version } = JSON.parse(
    readFileSync(require.resolve("@saasquatch/squatch-js/package.json"), "utf8"),
  ) as { version: string };
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return { body, version, etag };
}
