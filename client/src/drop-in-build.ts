/** Defined by vite.config.ts: true in the drop-in build, false in the ESM build, absent from the sources. */
declare const __WIDGET_TOKENS_DROP_IN__: boolean | undefined;

/**
 * True in the drop-in build, whose code only runs in a browser and is only
 * called by the bootstrap: the minifier drops the branches it rules out
 * (the not-in-a-browser answer, options a loader tag cannot pass).
 */
export const DROP_IN_BUILD =
  typeof __WIDGET_TOKENS_DROP_IN__ !== "undefined" && __WIDGET_TOKENS_DROP_IN__;
