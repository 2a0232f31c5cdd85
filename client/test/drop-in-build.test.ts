import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DROP_IN_PROTOCOL as P } from "../build/drop-in-protocol.js";
import type { FluzWidget } from "../src/adapters/fluz.js";
import { WidgetClientError } from "../src/errors.js";

/**
 * The built drop-in chunks (`npm run build`), run as the browser runs them
 * after the bootstrap: a provider chunk's `networkError` is the lazy one,
 * which loads the messages chunk to tell a refused origin from a dead server;
 * every chunk makes its errors with the bootstrap's class.
 */
const chunks = `${join(import.meta.dirname, "..", "dist", "chunks")}/`;
const built = (name: string) => {
  const manifest = JSON.parse(readFileSync(`${chunks}manifest.json`, "utf8")) as Record<
    string,
    { file: string }
  >;
  return readFileSync(`${chunks}${manifest[name]!.file}`, "utf8");
};
/** A classic script's top level: `this` is the window. */
const run = (code: string) => new Function(code).call(window);

/** `window.WidgetTokens` as the built files name its members (`DROP_IN_PROTOCOL`). */
type Global = Record<string, unknown> & {
  [P.chunks]: Record<
    string,
    Record<
      typeof P.createAdapter,
      (options: Record<string, string>, endpoint: string) => FluzWidget
    >
  >;
  [P.loadMessages]: () => Promise<void>;
};
const global = () => (window as unknown as { WidgetTokens: Global }).WidgetTokens;

afterEach(() => {
  Reflect.deleteProperty(window, "WidgetTokens");
  vi.unstubAllGlobals();
});

describe.skipIf(!existsSync(`${chunks}manifest.json`))("the built drop-in chunks", () => {
  /** What the bootstrap puts on the page before it loads a chunk, then the Fluz chunk. */
  const setUp = () => {
    const loadMessages = vi.fn(async () => run(built("messages")));
    Object.assign(window, {
      WidgetTokens: {
        [P.chunks]: {},
        client: {},
        [P.loadMessages]: loadMessages,
        [P.WidgetClientError]: WidgetClientError,
        [P.loadScript]: async () => {},
      },
    });
    run(built("fluz"));
    expect(global()[P.shopperMessage]).toBeUndefined(); // not in the provider chunk
    return loadMessages;
  };
  const endpoint = "https://api.other.example/widget-tokens";
  const openFluz = () =>
    global()
      [P.chunks].fluz![P.createAdapter]({ scriptUrl: "https://fluz.example/widget.js" }, endpoint)
      .open({ amount: "5.00", transactionType: "DEPOSIT" });

  it("a request that got no answer loads the messages chunk, whose probe names a refused origin", async () => {
    const loadMessages = setUp();
    const doFetch = vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === "POST") throw new TypeError("Failed to fetch");
      return new Response(null, { status: 200 });
    });
    vi.stubGlobal("fetch", doFetch);
    const refused = await openFluz().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WidgetClientError); // the bootstrap's class, across chunks
    expect(refused).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
    expect(loadMessages).toHaveBeenCalledTimes(1);
    expect(doFetch).toHaveBeenCalledWith(`${endpoint}/fluz/pat-token`, expect.anything());
    expect(doFetch).toHaveBeenLastCalledWith(
      `${endpoint}/loader.js`,
      expect.objectContaining({ method: "HEAD", mode: "no-cors" }),
    );
    expect(typeof global()[P.shopperMessage]).toBe("function");
  });

  it("if the messages chunk does not load either, the error is NETWORK_ERROR", async () => {
    setUp();
    global()[P.loadMessages] = () => Promise.reject(new Error("offline"));
    const doFetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    vi.stubGlobal("fetch", doFetch);
    await expect(openFluz()).rejects.toMatchObject({ code: "NETWORK_ERROR" });
    expect(doFetch).toHaveBeenCalledTimes(1);
  });
});
