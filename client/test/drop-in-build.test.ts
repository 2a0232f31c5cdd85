import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
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

type Global = {
  loadMessages: () => Promise<void>;
  chunks: Record<
    string,
    {
      createTokenApi: (options: { endpoint: string; fetch: typeof fetch }) => {
        post(route: string, body: unknown): Promise<unknown>;
      };
    }
  >;
  shopperMessage?: unknown;
};
const global = () => (window as unknown as { WidgetTokens: Global }).WidgetTokens;

afterEach(() => {
  Reflect.deleteProperty(window, "WidgetTokens");
});

describe.skipIf(!existsSync(`${chunks}manifest.json`))("the built drop-in chunks", () => {
  const setUp = () => {
    const loadMessages = vi.fn(async () => run(built("messages")));
    Object.assign(window, {
      WidgetTokens: { chunks: {}, client: {}, loadMessages, WidgetClientError },
    });
    run(built("fluz"));
    expect(global().shopperMessage).toBeUndefined(); // not in the provider chunk
    return loadMessages;
  };
  const endpoint = "https://api.other.example/widget-tokens";

  it("a request that got no answer loads the messages chunk, whose probe names a refused origin", async () => {
    const loadMessages = setUp();
    const doFetch = vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === "POST") throw new TypeError("Failed to fetch");
      return new Response(null, { status: 200 });
    });
    const api = global().chunks.fluz!.createTokenApi({ endpoint, fetch: doFetch as typeof fetch });
    const refused = await api.post("fluz", {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WidgetClientError); // the bootstrap's class, across chunks
    expect(refused).toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
    expect(loadMessages).toHaveBeenCalledTimes(1);
    expect(doFetch).toHaveBeenLastCalledWith(
      `${endpoint}/loader.js`,
      expect.objectContaining({ method: "HEAD", mode: "no-cors" }),
    );
    expect(typeof global().shopperMessage).toBe("function");
  });

  it("if the messages chunk does not load either, the error is NETWORK_ERROR", async () => {
    setUp();
    global().loadMessages = () => Promise.reject(new Error("offline"));
    const doFetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const api = global().chunks.fluz!.createTokenApi({ endpoint, fetch: doFetch as typeof fetch });
    await expect(api.post("fluz", {})).rejects.toMatchObject({ code: "NETWORK_ERROR" });
    expect(doFetch).toHaveBeenCalledTimes(1);
  });
});
