import type { MerchantApiMethod } from "./client-interface.js";

const METHODS = new Set<string>(["GET", "POST", "PUT", "PATCH", "DELETE"]);
/**
 * A path with no dot segments (a segment never starts with "."; "%2e", "%2f"
 * and "%5c" are refused too), no empty segments, no fragment, nothing Node
 * would refuse.
 */
const SAFE_PATH =
  /^(?:\/[A-Za-z0-9_~!$&'()*+,;=:@%-][A-Za-z0-9._~!$&'()*+,;=:@%-]*)+(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$/;

/**
 * Refuse a call the client must never send: an unknown method, or a path
 * that could climb out of the API (dot segments, encoded slashes).
 *
 * @example
 * checkCall("POST", "/v2/customer/create"); // fine
 * checkCall("POST", "/v2/../admin"); // throws TypeError
 */
export function checkCall(method: string, path: string): void {
  if (!METHODS.has(method)) {
    throw new TypeError("merchant-api: method must be GET, POST, PUT, PATCH or DELETE");
  }
  if (
    typeof path !== "string" ||
    path.length > 2048 ||
    !SAFE_PATH.test(path) ||
    /%(?:2e|2f|5c)/i.test(path.split("?")[0]!)
  ) {
    throw new TypeError("merchant-api: path must be an absolute path without dot segments");
  }
}

/**
 * The JSON body to send: none for GET and DELETE.
 *
 * @example
 * bodyFor("GET", { a: 1 }); // undefined
 */
export function bodyFor(method: MerchantApiMethod, body: unknown): unknown {
  return method === "GET" || method === "DELETE" ? undefined : (body ?? undefined);
}
