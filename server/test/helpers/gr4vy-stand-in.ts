import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import type { Gr4vyOptions } from "../../src/index.js";
import type { p521KeyPair } from "./gr4vy-keys.js";

type Keys = ReturnType<typeof p521KeyPair>;

/** The Gr4vy instance id the stand-in and the middleware agree on in these tests. */
const GR4VY_ID = "northwind";

/**
 * A sandbox whose Gr4vy stand-in trusts `keys` (the merchant's P-521 pair).
 *
 * @example
 * sandbox = await startGr4vyStandIn(keys);
 */
export function startGr4vyStandIn(keys: Keys): Promise<Sandbox> {
  return startSandbox({ providers: { gr4vy: { gr4vyId: GR4VY_ID, publicKey: keys.publicKey } } });
}

/**
 * The middleware's Gr4vy options signing with `keys`; with `sandbox`, its
 * server-side calls (checkout sessions, on by default there) go to that
 * sandbox's stand-in. `options` adds to them or overrides them.
 *
 * @example
 * startTestApp({ providers: { gr4vy: gr4vyOn(keys, { checkout: () => cart }, sandbox) } });
 */
export function gr4vyOn(
  keys: Keys,
  options: Partial<Gr4vyOptions> & Pick<Gr4vyOptions, "checkout">,
  sandbox?: Sandbox,
): Gr4vyOptions {
  const api = sandbox ? { apiUrl: `${sandbox.url}/gr4vy/api`, checkoutSessions: true } : {};
  return { gr4vyId: GR4VY_ID, privateKey: keys.privatePem, ...api, ...options };
}
