import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The client's budgets: what this middleware sends is what they measure.
import { SIZE_BUDGETS } from "../../client/test/size-budgets.js";
import { WidgetTokensOptionError, widgetTokens } from "../src/index.js";
import { readDropInAssets } from "../src/loader/drop-in-assets.js";
import { TEST_SECRET, type TestApp, identifyByHeader, startTestApp } from "./helpers/http.js";

const fluz = { apiKey: "fluz-key", apiSecret: TEST_SECRET };
/** Every drop-in provider: the bootstrap as built carries all their chunks. */
const PROVIDER_IDS = ["fluz", "impact", "gr4vy", "jackpot"];
const SHOP = "https://www.shop.example";
const loaderPath = createRequire(import.meta.url).resolve("@widget-tokens/client/loader.js");
const sha256 = (body: ArrayBuffer | Buffer) =>
  `sha256-${createHash("sha256")
    .update(Buffer.from(body as ArrayBuffer))
    .digest("base64")}`;

/** A GET as sent, its answer as received (fetch would decompress it). */
function raw(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const req = httpRequest(url, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (part: Buffer) => parts.push(part));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

type Manifest = Record<string, { file: string; integrity: string }>;
/** The build's manifest: every chunk (the middleware serves them all). */
const built = () =>
  JSON.parse(
    readFileSync(join(dirname(loaderPath), "chunks", "manifest.json"), "utf8"),
  ) as Manifest;

/**
 * Every chunk of the build, with its integrity; the served manifest names
 * each provider in `served` with the build's file and integrity, and no other.
 */
function chunksOf(served: Manifest, providers: readonly string[]): Map<string, string> {
  const chunks = new Map<string, string>();
  for (const [name, entry] of Object.entries(built())) {
    expect(served[name], name).toEqual(providers.includes(name) ? entry : undefined);
    chunks.set(entry.file, entry.integrity);
  }
  return chunks;
}

describe("the drop-in: loader.js and its chunks", () => {
  let app: TestApp;
  let chunks: Map<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ providers: { fluz }, allowedOrigins: [SHOP] });
    chunks = chunksOf(await (await fetch(`${app.base}/chunks/manifest.json`)).json(), ["fluz"]);
  });
  afterAll(() => app.close());

  it.each([
    ["/loader.js", "text/javascript"],
    ["/chunks/manifest.json", "application/json"],
    ["/chunks/fluz.js", "text/javascript"],
  ])(
    "serves %s revalidated on every use (no-cache), with an ETag, 304 and HEAD",
    async (path, type) => {
      const identity = { "accept-encoding": "identity" };
      const res = await fetch(`${app.base}${path}`, { headers: identity });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("cross-origin-resource-policy")).toBe("same-site");
      const etag = res.headers.get("etag")!;
      const again = await fetch(`${app.base}${path}`, {
        headers: { ...identity, "if-none-match": etag },
      });
      expect(again.status).toBe(304);
      // If-None-Match as HTTP reads it (RFC 9110): a weak tag, a list, or `*` match too.
      for (const inm of [`W/${etag}`, `"other", ${etag}`, "*"]) {
        const cached = await fetch(`${app.base}${path}`, {
          headers: { ...identity, "if-none-match": inm },
        });
        expect({ inm, status: cached.status }).toEqual({ inm, status: 304 });
      }
      const stale = await fetch(`${app.base}${path}`, {
        headers: { ...identity, "if-none-match": '"other", W/"older"' },
      });
      expect(stale.status).toBe(200);
      const head = await fetch(`${app.base}${path}`, { method: "HEAD", headers: identity });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get("content-length"))).toBe((await res.arrayBuffer()).byteLength);
    },
  );

  it("names a chunk for each provider, content-hashed", () => {
    const names = [...chunks.keys()].map((file) => file.split(".")[0]).sort();
    expect(names).toEqual(["fluz", "gr4vy", "impact", "jackpot"]);
    for (const file of chunks.keys()) expect(file).toMatch(/^[a-z\d]+\.[A-Za-z\d]{8}\.js$/);
  });

  it("serves each chunk immutable, and its bytes match the integrity of the manifest", async () => {
    for (const [file, integrity] of chunks) {
      const res = await fetch(`${app.base}/chunks/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(sha256(await res.arrayBuffer())).toBe(integrity);
    }
  });

  it("answers HEAD and If-None-Match for a chunk", async () => {
    const [file] = [...chunks.keys()];
    const res = await fetch(`${app.base}/chunks/${file}`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(100);
    expect(await res.text()).toBe("");
    const etag = res.headers.get("etag")!;
    const again = await fetch(`${app.base}/chunks/${file}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("serves a provider's current chunk as `<id>.js` (what a page that missed a deploy asks for)", async () => {
    const { file, integrity } = built().fluz!;
    const current = await fetch(`${app.base}/chunks/fluz.js`);
    const hashed = await fetch(`${app.base}/chunks/${file}`);
    expect(sha256(await current.arrayBuffer())).toBe(integrity);
    expect(current.headers.get("etag")).toBe(hashed.headers.get("etag"));
  });

  it.each([
    "/chunks/fluz.AAAAAAAA.js",
    "/chunks/",
    "/chunks/impact.js", // a provider this middleware does not serve
    "/chunks/manifest",
    "/chunks//loader.js",
  ])("404 for %s", async (path) => {
    const res = await fetch(`${app.base}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("gzips both files for a client that accepts it, with an ETag and a 304 of their own", async () => {
    const [file] = [...chunks.keys()];
    for (const path of ["/loader.js", `/chunks/${file}`]) {
      const plain = await raw(`${app.base}${path}`, { "accept-encoding": "identity" });
      const gzipped = await raw(`${app.base}${path}`, { "accept-encoding": "br, gzip;q=0.8" });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(gzipped.headers["content-encoding"]).toBe("gzip");
      expect(gzipped.headers.vary).toBe("Origin, Accept-Encoding");
      expect(Number(gzipped.headers["content-length"])).toBe(gzipped.body.length);
      expect(gzipped.body.length).toBeLessThan(plain.body.length * 0.6);
      expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
      const etag = String(gzipped.headers.etag);
      expect(etag).not.toBe(plain.headers.etag);
      const cached = await raw(`${app.base}${path}`, {
        "accept-encoding": "gzip",
        "if-none-match": etag,
      });
      expect(cached.status).toBe(304);
      // gzip;q=0 refuses it.
      const refused = await raw(`${app.base}${path}`, { "accept-encoding": "gzip;q=0, br" });
      expect(refused.headers["content-encoding"]).toBeUndefined();
    }
    // A one-provider manifest is smaller as is: sent plain.
    const manifest = await raw(`${app.base}/chunks/manifest.json`, { "accept-encoding": "gzip" });
    expect(manifest.headers["content-encoding"]).toBeUndefined();
    expect(Object.keys(JSON.parse(manifest.body.toString("utf8")))).toEqual(["fluz"]);
  });

  it("a page with one provider downloads at most the drop-in page budget, as sent", async () => {
    const fluzChunk = [...chunks.keys()].find((file) => file.startsWith("fluz."));
    let bytes = 0;
    for (const path of [
      "/loader.js",
      "/chunks/manifest.json?provider=fluz",
      `/chunks/${fluzChunk}`,
    ]) {
      bytes += (await raw(`${app.base}${path}`, { "accept-encoding": "gzip" })).body.length;
    }
    expect(bytes).toBeLessThanOrEqual(SIZE_BUDGETS.dropInPageSeparate);
    // In one file: the bootstrap and the chunk.
    const one = await raw(`${app.base}/loader.js?providers=fluz`, { "accept-encoding": "gzip" });
    expect(one.headers["content-encoding"]).toBe("gzip");
    expect(one.body.length).toBeLessThanOrEqual(SIZE_BUDGETS.dropInPage);
  });

  it.each(PROVIDER_IDS)(
    "so does a page with only %s from a middleware that serves all four providers",
    (provider) => {
      const {
        loader,
        manifests,
        chunks: all,
        bundles,
      } = readDropInAssets(loaderPath, PROVIDER_IDS);
      const chunk = [...all].find(([file]) => file.startsWith(`${provider}.`))![1];
      // The bootstrap asks for the manifest's entry of the provider its page names.
      const manifest = manifests.get(provider)!;
      expect(
        [loader, manifest, chunk].reduce((sum, a) => sum + (a.gzip ?? a).body.length, 0),
      ).toBeLessThanOrEqual(SIZE_BUDGETS.dropInPageSeparate);
      expect(bundles.get(provider)!.gzip!.body.length).toBeLessThanOrEqual(SIZE_BUDGETS.dropInPage);
    },
  );

  it("404 for a dot-segment path, sent as is (fetch would resolve it)", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${app.base}/chunks/x`,
        { method: "GET", path: "/widget-tokens/chunks/../loader.js" },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(404);
  });

  it("405 for a method other than GET and HEAD", async () => {
    const [file] = [...chunks.keys()];
    const res = await fetch(`${app.base}/chunks/${file}`, { method: "POST", body: "x" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("lets a listed origin read the files with CORS (SRI with crossorigin), and no other", async () => {
    const [file] = [...chunks.keys()];
    for (const path of ["/loader.js", `/chunks/${file}`]) {
      const listed = await fetch(`${app.base}${path}`, { headers: { origin: SHOP } });
      expect(listed.headers.get("access-control-allow-origin")).toBe(SHOP);
      expect(listed.headers.get("access-control-allow-credentials")).toBeNull();
      expect(listed.headers.get("vary")).toContain("Origin");
      const other = await fetch(`${app.base}${path}`, {
        headers: { origin: "https://evil.example" },
      });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("lets any page read the manifest; a refused origin reads a 403 ORIGIN_NOT_ALLOWED, not a CORS failure", async () => {
    const listed = await fetch(`${app.base}/chunks/manifest.json`, {
      headers: { origin: SHOP, "sec-fetch-site": "cross-site" },
    });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe("*");
    expect(Object.keys(await listed.json())).toEqual(["fluz"]);
    const refused = await fetch(`${app.base}/chunks/manifest.json`, {
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(await refused.json()).toMatchObject({ error: { code: "ORIGIN_NOT_ALLOWED" } });
  });
});

describe("loader options", () => {
  it("{ crossOrigin: true } serves the bootstrap and chunks with CORP cross-origin", async () => {
    const app = await startTestApp({
      providers: { fluz },
      allowedOrigins: [SHOP],
      loader: { crossOrigin: true },
    });
    try {
      const bootstrap = await fetch(`${app.base}/loader.js`);
      expect(bootstrap.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      const manifest = await (await fetch(`${app.base}/chunks/manifest.json`)).json();
      const [file] = [...chunksOf(manifest, ["fluz"]).keys()];
      const chunk = await fetch(`${app.base}/chunks/${file}`, { headers: { origin: SHOP } });
      expect(chunk.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      expect(chunk.headers.get("access-control-allow-origin")).toBe(SHOP);
    } finally {
      await app.close();
    }
  });

  it("{} and true keep CORP same-site", async () => {
    for (const loader of [true, {}, { crossOrigin: false }]) {
      const app = await startTestApp({ providers: { fluz }, loader });
      try {
        const res = await fetch(`${app.base}/loader.js`);
        expect(res.headers.get("cross-origin-resource-policy")).toBe("same-site");
      } finally {
        await app.close();
      }
    }
  });

  it("false serves neither the bootstrap nor a chunk", async () => {
    const app = await startTestApp({ providers: { fluz }, loader: false });
    try {
      const { file } = built().fluz!;
      expect((await fetch(`${app.base}/loader.js`)).status).toBe(404);
      expect((await fetch(`${app.base}/chunks/${file}`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  const build = (loader: unknown) => () =>
    widgetTokens({ identify: identifyByHeader, providers: { fluz }, loader } as never);
  const optionError = (make: () => unknown) => {
    try {
      make();
    } catch (err) {
      expect(err).toBeInstanceOf(WidgetTokensOptionError);
      return err as WidgetTokensOptionError;
    }
    throw new Error("no error");
  };

  it("refuses a misspelled key, naming the nearest one", () => {
    const err = optionError(build({ crossorigin: true }));
    expect(err.option).toBe("loader.crossorigin");
    expect(err.message).toContain('did you mean "crossOrigin"?');
  });

  it("path serves another client build: its bootstrap and its manifest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wt-pinned-"));
    cpSync(dirname(loaderPath), dir, { recursive: true });
    const pinned = join(dir, "loader.iife.js");
    writeFileSync(pinned, `/* pinned */${readFileSync(pinned, "utf8")}`);
    const app = await startTestApp({ providers: { fluz }, loader: { path: pinned } });
    try {
      expect(await (await fetch(`${app.base}/loader.js`)).text()).toMatch(/^\/\* pinned \*\//);
      expect(await (await fetch(`${app.base}/chunks/manifest.json`)).json()).toEqual({
        fluz: built().fluz,
      });
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ["yes", "loader"],
    [1, "loader"],
    [null, "loader"],
    [{ crossOrigin: "yes" }, "loader.crossOrigin"],
    [{ path: 42 }, "loader.path"],
    [{ path: "" }, "loader.path"],
  ])("refuses loader: %j, naming %s", (loader, option) => {
    expect(optionError(build(loader)).option).toBe(option);
  });
});

describe("reading the client build", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wt-drop-in-"));
    cpSync(dirname(loaderPath), dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the bootstrap and every chunk of the manifest, and serves the bootstrap as built", () => {
    const assets = readDropInAssets(join(dir, "loader.iife.js"));
    expect(assets.chunks.size).toBe(4);
    expect(assets.loader.body.equals(readFileSync(join(dir, "loader.iife.js")))).toBe(true);
    expect(Object.keys(JSON.parse(assets.manifest.body.toString("utf8"))).sort()).toEqual(
      [...PROVIDER_IDS].sort(),
    );
  });

  it("serves a manifest that names only the providers it serves (every chunk stays servable)", () => {
    const manifest = JSON.parse(readFileSync(join(dir, "chunks", "manifest.json"), "utf8"));
    const served = readDropInAssets(join(dir, "loader.iife.js"), ["impact", "gr4vy"]);
    expect(JSON.parse(served.manifest.body.toString("utf8"))).toEqual({
      impact: manifest.impact,
      gr4vy: manifest.gr4vy,
    });
    expect(served.chunks.size).toBe(4);
    expect([...served.current.keys()].sort()).toEqual(["gr4vy.js", "impact.js"]);
  });

  it("serves a provider's entry alone when a page asks for it (?provider=), the whole manifest otherwise", async () => {
    const manifest = JSON.parse(readFileSync(join(dir, "chunks", "manifest.json"), "utf8"));
    const app = await startTestApp({
      providers: { fluz, impact: { accountSid: "AS1", authToken: TEST_SECRET, tenantAlias: "t" } },
      loader: { path: join(dir, "loader.iife.js") },
    });
    try {
      const read = async (query: string) => {
        const res = await fetch(`${app.base}/chunks/manifest.json${query}`);
        return { status: res.status, etag: res.headers.get("etag"), body: await res.json() };
      };
      const fluzOnly = await read("?provider=fluz");
      const impactOnly = await read("?provider=impact");
      const every = await read("");
      const unknown = await read("?provider=nope");
      const unserved = await read("?provider=gr4vy");
      expect(fluzOnly.body).toEqual({ fluz: manifest.fluz });
      expect(impactOnly.body).toEqual({ impact: manifest.impact });
      const both = { fluz: manifest.fluz, impact: manifest.impact };
      for (const whole of [every, unknown, unserved]) expect(whole.body).toEqual(both);
      // One ETag per body: a browser's cached copy of one never answers for another.
      expect(new Set([fluzOnly.etag, impactOnly.etag, every.etag]).size).toBe(3);
    } finally {
      await app.close();
    }
  });

  it("serves loader.js?providers= as the bootstrap and those chunks in one file, in the manifest's order; the bootstrap alone otherwise", async () => {
    const manifest = JSON.parse(readFileSync(join(dir, "chunks", "manifest.json"), "utf8"));
    const bootstrap = readFileSync(join(dir, "loader.iife.js"));
    const chunk = (id: string) => readFileSync(join(dir, "chunks", manifest[id].file));
    const app = await startTestApp({
      providers: {
        fluz,
        jackpot: { apiKey: "k", apiSignature: TEST_SECRET, baseUrl: "https://jackpot.invalid" },
      },
      loader: { path: join(dir, "loader.iife.js") },
    });
    try {
      const read = async (query: string) => {
        const res = await fetch(`${app.base}/loader.js${query}`);
        return {
          body: Buffer.from(await res.arrayBuffer()),
          etag: res.headers.get("etag"),
          cache: res.headers.get("cache-control"),
        };
      };
      const built = (...ids: string[]) =>
        Buffer.concat([bootstrap, ...ids.flatMap((id) => [Buffer.from("\n"), chunk(id)])]);
      const fluzOnly = await read("?providers=fluz");
      expect(fluzOnly.body.equals(built("fluz"))).toBe(true);
      expect(fluzOnly.cache).toBe("no-cache");
      // The manifest's order, whatever the query's; a provider not served is left out.
      for (const query of ["?providers=jackpot,fluz", "?providers=fluz,gr4vy,jackpot"]) {
        expect((await read(query)).body.equals(built("fluz", "jackpot")), query).toBe(true);
      }
      for (const query of ["", "?providers=", "?providers=gr4vy", "?other=fluz"]) {
        expect((await read(query)).body.equals(bootstrap), query).toBe(true);
      }
      expect((await read("")).etag).not.toBe(fluzOnly.etag);
      const cached = await fetch(`${app.base}/loader.js?providers=fluz`, {
        headers: { "if-none-match": fluzOnly.etag! },
      });
      expect(cached.status).toBe(304);
    } finally {
      await app.close();
    }
  });

  it("refuses, at start-up, a chunk whose bytes do not match its integrity", () => {
    const manifest = JSON.parse(readFileSync(join(dir, "chunks", "manifest.json"), "utf8"));
    const chunk = join(dir, "chunks", manifest.fluz.file);
    const original = readFileSync(chunk);
    writeFileSync(chunk, `${original};alert(1)`);
    try {
      expect(() => readDropInAssets(join(dir, "loader.iife.js"))).toThrow(
        /does not match its integrity/,
      );
    } finally {
      writeFileSync(chunk, original);
    }
  });

  it("refuses a missing build, naming the loader option", () => {
    expect(() => readDropInAssets(join(dir, "nowhere.js"))).toThrow(WidgetTokensOptionError);
  });
});
