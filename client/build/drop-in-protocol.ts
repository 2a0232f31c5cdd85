/**
 * The members of `window.WidgetTokens` that only the drop-in's own files
 * use (the bootstrap and the chunks it loads, built together), and the short
 * names the drop-in build gives them (Rolldown's `minify.mangleProps` with
 * this fixed mapping, the same in every file). Each chunk names them about
 * once, so gzip cannot shorten them: full names cost a page ~45 bytes. The
 * sources keep the full names (`DropInGlobal` in src/drop-in/bootstrap.ts);
 * `client`, the adapters a page may use, keeps its name.
 */
export const DROP_IN_PROTOCOL = {
  loadScript: "l",
  WidgetClientError: "E",
  loadMessages: "m",
  shopperMessage: "s",
  networkError: "n",
  responseError: "r",
  chunks: "c",
  createAdapter: "a",
  startWidget: "w",
} as const;

/** Rolldown's `output.minify` for a drop-in file: minified, the protocol's names shortened. */
export const DROP_IN_MINIFY = {
  compress: true,
  mangle: true,
  mangleProps: {
    include: new RegExp(`^(?:${Object.keys(DROP_IN_PROTOCOL).join("|")})$`),
    cache: { ...DROP_IN_PROTOCOL },
  },
};
