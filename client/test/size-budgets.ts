/** Gzip size budgets of the built client files (bytes). The loader must stay tiny. */
export const SIZE_BUDGETS: Record<string, number> = {
  "loader.iife.js": 7_000,
  "widget-tokens.js": 10_000,
};
