import { scan } from "secure-json-parse";
import { RequestError } from "../errors.js";

/**
 * Refuse a body that carries a prototype-poisoning key anywhere: a
 * `__proto__` key, or a `constructor` whose value has a `prototype`
 * (fastify's rule, through its secure-json-parse `scan`, an iterative
 * walk). No route takes such a key; merged into an object by the merchant's
 * own code (`Object.assign`, a deep merge) it would rewrite prototypes.
 * Called after the depth check, for a body read from text and for one an
 * app-level parser produced (JSON.parse keeps `__proto__` as an own key).
 *
 * @example
 * refusePrototypeKeys({ amount: "5", __proto__: {} }); // throws INVALID_REQUEST (with an own __proto__ key)
 */
export function refusePrototypeKeys(value: object): void {
  try {
    scan(value, { protoAction: "error", constructorAction: "error" });
  } catch {
    throw new RequestError("INVALID_REQUEST", "Body has a __proto__ or constructor.prototype key");
  }
}

/**
 * Remove, in place, every `__proto__` key and `constructor.prototype` from a
 * value about to be relayed (the merchant-API proxy's upstream answer): the
 * browser's code merges what it gets as readily as a server's does.
 *
 * @example
 * dropPrototypeKeys(JSON.parse('{"a":1,"__proto__":{"admin":true}}')); // { a: 1 }
 */
export function dropPrototypeKeys<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    scan(value, { protoAction: "remove", constructorAction: "remove" });
  }
  return value;
}
