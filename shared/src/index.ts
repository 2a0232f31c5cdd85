export * from "./amount.js";
export * from "./error-codes.js";
export * from "./fluz.js";
export * from "./gr4vy.js";
export * from "./impact.js";
export * from "./jackpot.js";
export * from "./providers.js";
