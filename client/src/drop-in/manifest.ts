import { WidgetClientError } from "../errors.js";

/** The chunks a middleware serves, by provider id: each file below `chunks/`, and its integrity. */
export type DropInManifest = Readonly<
  Record<string, { readonly file: string; readonly integrity: string } | undefined>
>;

/**
 * A function that GETs `{base}chunks/manifest.json?provider=<name>` (`base`
 * is the loader's folder, with its slash): the manifest of the build the
 * middleware runs now, with the one entry a page asks for (a middleware
 * before 0.5 ignores the query and sends every provider it serves), sent
 * `no-cache` with an ETag, so every call revalidates. Any page may read
 * the answer: a page whose origin the middleware refuses gets its 403
 * `ORIGIN_NOT_ALLOWED`; a request that got no answer is `NETWORK_ERROR`;
 * another error answer is `SCRIPT_LOAD_FAILED`.
 *
 * @example
 * const manifest = await manifestFetcher("https://api.shop.example/widget-tokens/")("fluz");
 * manifest.fluz; // { file: "fluz.8hc8yNYx.js", integrity: "sha256-8hc8yNYx…" }
 */
export function manifestFetcher(base: string): (name: string) => Promise<DropInManifest> {
  return async (name) => {
    const url = `${base}chunks/manifest.json?provider=${name}`;
    let response: Response;
    try {
      response = await fetch(url, { cache: "no-cache", credentials: "omit" });
    } catch {
      // fetch says no more than "Failed to fetch": the server is down, or the network.
      throw new WidgetClientError("NETWORK_ERROR", `Could not reach ${url}`);
    }
    const body = (await response.json().catch(() => undefined)) as
      | { error?: { code?: unknown } }
      | undefined;
    if (response.ok && body) return body as DropInManifest;
    // ORIGIN_NOT_ALLOWED says what to do: list the page's origin in allowedOrigins.
    throw new WidgetClientError(
      body?.error?.code === "ORIGIN_NOT_ALLOWED" ? "ORIGIN_NOT_ALLOWED" : "SCRIPT_LOAD_FAILED",
      `${url} answered ${response.status}`,
    );
  };
}
