import type { FluzTokenRequest, FluzTokenResponse } from "./fluz.js";
import type { Gr4vyTokenRequest, Gr4vyTokenResponse } from "./gr4vy.js";
import type { ImpactTokenRequest, ImpactTokenResponse } from "./impact.js";
import type { JackpotSessionTokenRequest, JackpotSessionTokenResponse } from "./jackpot.js";
import type { TOKEN_ROUTES } from "./providers.js";

/** A token route, named by provider: `TOKEN_ROUTES[route]` is its path below the mount point. */
export type TokenRoute = keyof typeof TOKEN_ROUTES;

/**
 * The HTTP contract of each token route, typed: the JSON body it takes and
 * its 201 answer. A route added to `TOKEN_ROUTES` without a line here fails
 * to compile (`TokenRequest` indexes this by `TokenRoute`).
 */
export interface TokenRouteTypes {
  fluz: { request: FluzTokenRequest; response: FluzTokenResponse };
  impact: { request: ImpactTokenRequest; response: ImpactTokenResponse };
  gr4vy: { request: Gr4vyTokenRequest; response: Gr4vyTokenResponse };
  jackpot: { request: JackpotSessionTokenRequest; response: JackpotSessionTokenResponse };
}

/** The JSON body of `POST TOKEN_ROUTES[R]`. */
export type TokenRequest<R extends TokenRoute> = TokenRouteTypes[R]["request"];

/** The 201 answer of `POST TOKEN_ROUTES[R]`. */
export type TokenResponse<R extends TokenRoute> = TokenRouteTypes[R]["response"];
