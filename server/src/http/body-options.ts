import type { OptionReader } from "../validation/read-options.js";
import type { BodyReadLimits } from "./read-body-stream.js";

/** How request bodies are read. */
export interface BodyOptions {
  /** Largest JSON body in bytes. Default 16384. */
  bodyLimit?: number | undefined;
  /** How long reading a request body may take (ms) before a 408. Default 10000. */
  bodyTimeoutMs?: number | undefined;
}

/**
 * Read `bodyLimit` and `bodyTimeoutMs` once: the limits every request body
 * (token routes and provider notifications alike) is read within.
 *
 * @example
 * const limits = readBodyOptions(readOptions(options, "", keys)); // { limit: 16_384, timeoutMs: 10_000 }
 */
export function readBodyOptions(o: Pick<OptionReader<BodyOptions>, "number">): BodyReadLimits {
  return {
    limit: o.number("bodyLimit", 16_384, { min: 256, max: 10_485_760, integer: true }),
    timeoutMs: o.number("bodyTimeoutMs", 10_000, { min: 100, max: 120_000, integer: true }),
  };
}
