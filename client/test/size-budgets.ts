/**
 * Gzip size budgets of what a page downloads (bytes, `gzip -9`), checked by
 * bundle-size.test.ts against the build (`npm run build`).
 */
export const SIZE_BUDGETS = {
  /** The drop-in bootstrap, `dist/loader.iife.js`: every drop-in page loads it. */
  bootstrap: 2_500,
  /**
   * A drop-in page with one provider: the bootstrap as its middleware serves
   * it (its manifest narrowed to the providers the middleware configures, one
   * or all four) and the provider's chunk (the messages chunk comes only
   * after a failure).
   */
  dropInPage: 4_000,
  /** A production app bundle that calls `createWidgetClient` with no provider. */
  esmCore: 2_000,
  /** A production app bundle that calls `createWidgetClient` with one provider. */
  esmCoreAndAdapter: 3_500,
} as const;
