/** Gzip size budgets of the built client files (bytes). The loader must stay tiny. */
export const SIZE_BUDGETS: Record<string, number> = {
  "loader.iife.js": 12_000,
  "widget-tokens.js": 16_000,
};
