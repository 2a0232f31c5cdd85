import type { OptionReader } from "../validation/read-options.js";

/** How `middleware.health()` checks the dependencies. */
export interface HealthOptions {
  /** The longest each check of `middleware.health()` waits (ms). Default 1000. */
  healthTimeoutMs?: number | undefined;
}

/**
 * Read `healthTimeoutMs` once: the longest each health check waits (ms).
 *
 * @example
 * const timeoutMs = readHealthOptions(readOptions(options, "", keys)); // 1000
 */
export function readHealthOptions(o: Pick<OptionReader<HealthOptions>, "number">): number {
  return o.number("healthTimeoutMs", 1000, { min: 10, max: 60_000, integer: true });
}
