import type { UpstreamClient } from "./http-client.js";

/**
 * Whether a provider's base URL answers at all within `timeoutMs`: a GET of
 * the base URL on the client's keep-alive sockets, where any HTTP status
 * counts. For health checks; never rejects.
 *
 * @example
 * const up = await reachable(upstream, 1000); // false: refused, reset, or no answer in time
 */
export async function reachable(client: UpstreamClient, timeoutMs: number): Promise<boolean> {
  try {
    await client.request({ method: "GET", path: "", timeoutMs });
    return true;
  } catch {
    return false;
  }
}
