export * from "./amount.js";
export * from "./error-codes.js";
export * from "./fluz.js";
export * from "./providers.js";
