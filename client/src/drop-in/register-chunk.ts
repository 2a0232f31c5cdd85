import { tokenApi } from "../token-api.js";
import type { DropIn, ProviderChunk } from "./drop-in.js";

/**
 * What a provider chunk runs (the build's entry for `drop-in/<id>.ts`): put
 * the provider on `window.WidgetTokens.chunks[id]`, where the bootstrap
 * that loaded it looks. The adapter is the one the ESM client builds, on a
 * token API of its own.
 *
 * @example
 * import * as fluz from "./fluz.js";
 * registerChunk("fluz", fluz);
 */
export function registerChunk(id: string, dropIn: DropIn): void {
  const page = window as unknown as {
    WidgetTokens?: { chunks?: Record<string, ProviderChunk | undefined> };
  };
  page.WidgetTokens ??= {};
  page.WidgetTokens.chunks ??= {};
  page.WidgetTokens.chunks[id] = {
    create: ({ endpoint, options, headers, timeoutMs }) =>
      dropIn.provider(options).create(tokenApi({ endpoint, headers, timeoutMs })),
    start: dropIn.start,
    prefetch: dropIn.prefetch,
  };
}
