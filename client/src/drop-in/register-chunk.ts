import { tokenApi } from "../token-api.js";
import type { DropInGlobal } from "./bootstrap.js";
import type { DropIn } from "./drop-in.js";

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
  // The bootstrap made `WidgetTokens.chunks` before it added this chunk's tag.
  (window as unknown as { WidgetTokens: DropInGlobal }).WidgetTokens.chunks[id] = {
    // The settings carry the token API's options (endpoint, headers, timeoutMs).
    create: (settings) => dropIn.provider(settings.options).create(tokenApi(settings)),
    start: dropIn.start,
    prefetch: dropIn.prefetch,
  };
}
