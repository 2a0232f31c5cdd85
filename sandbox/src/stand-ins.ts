import { fluzStandIn } from "./fluz/stand-in.js";
import { gr4vyStandIn } from "./gr4vy/stand-in.js";
import { impactStandIn } from "./impact/stand-in.js";
import { jackpotStandIn } from "./jackpot/stand-in.js";
import { merchantApiStandIn } from "./merchant-api/stand-in.js";
import { SANDBOX_PROVIDERS, type SandboxProviderId } from "./provider-ids.js";
import type { SandboxStandIn } from "./stand-in.js";

/**
 * The stand-ins, one per provider id: the one list the app, the
 * credentials, the inspector and the CLI read. A provider id without a
 * stand-in here does not compile.
 */
export const STAND_INS = {
  fluz: fluzStandIn,
  impact: impactStandIn,
  gr4vy: gr4vyStandIn,
  jackpot: jackpotStandIn,
  merchantApi: merchantApiStandIn,
} as const satisfies { readonly [Id in SandboxProviderId]: { id: Id } };

/** A stand-in as the generic modules see it (its own types erased). */
export type AnyStandIn = SandboxStandIn<SandboxProviderId, unknown, unknown, unknown, unknown>;

/** One provider's stand-in, with its own types. */
export type StandInOf<Id extends SandboxProviderId> = (typeof STAND_INS)[Id];

/**
 * The stand-in of a provider.
 *
 * @example
 * standInOf("fluz").name; // "Fluz"
 */
export const standInOf = (id: SandboxProviderId): AnyStandIn => STAND_INS[id];

/**
 * Every stand-in, in the order the sandbox lists them.
 *
 * @example
 * for (const standIn of allStandIns()) console.log(standIn.name);
 */
export const allStandIns = (): AnyStandIn[] => SANDBOX_PROVIDERS.map(standInOf);
