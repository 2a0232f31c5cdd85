/**
 * The providers widget-tokens knows, in the order every list shows them: the
 * one list of their ids (the sandbox, the Playwright fixtures and the
 * bindings derive theirs from it).
 */
export const PROVIDER_IDS = ["fluz", "impact", "gr4vy", "jackpot", "merchantApi"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Token routes, relative to where the middleware is mounted. */
export const TOKEN_ROUTES = {
  fluz: "/fluz/pat-token",
  impact: "/impact/user-token",
  gr4vy: "/gr4vy/embed-token",
  jackpot: "/jackpot/session-token",
} as const;

export const FLUZ_TRANSACTION_TYPES = ["DEPOSIT", "WITHDRAW"] as const;
export type FluzTransactionType = (typeof FLUZ_TRANSACTION_TYPES)[number];
