/**
 * Gzip size budgets of what a page downloads (bytes, `gzip -9`), checked by
 * bundle-size.test.ts against the build (`npm run build`).
 */
export const SIZE_BUDGETS = {
  /**
   * The drop-in bootstrap, `dist/loader.iife.js`: every drop-in page loads it.
   * The 2.5 KB (2 560), prefetch triggers included.
   */
  bootstrap: 2_560,
  /**
   * A drop-in page with one provider, as the README's tag for it loads it:
   * `loader.js?providers=<id>`, the bootstrap and the provider's chunk in one
   * file (one gzip stream), for every provider. The 5 KB. Two files
   * (the bootstrap, then the chunk) cost about 520 bytes more than one: each
   * gzip stream learns the same names again (see docs/decisions.md,
   * "One-provider page in 5 KB").
   */
  dropInPage: 5_120,
  /**
   * The same page with the plain `loader.js`, which finds its providers as
   * the page runs: the bootstrap, the provider's manifest entry (sent plain)
   * and the chunk, three answers.
   */
  dropInPageSeparate: 5_700,
  /** A production app bundle that calls `createWidgetClient` with no provider. */
  esmCore: 2_000,
  /** A production app bundle that calls `createWidgetClient` with one provider. */
  /** 3 500 before the modals' keyboard care (`cover-page.ts`, ~250 bytes for Fluz and Jackpot). */
  esmCoreAndAdapter: 3_600,
} as const;
