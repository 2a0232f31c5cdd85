// squatch-js writes a <script> for a ResizeObserver polyfill into its widget
// iframe, from its npm CDN (`npmCdn`, by default fast.ssqt.io). That iframe
// inherits this page's CSP, so the shop serves the same file itself (from the
// resize-observer-polyfill package) and keeps script-src to 'self' and the
// provider. squatch-js reads window.impactConfig when it renders a widget.
window.impactConfig = Object.assign({}, window.impactConfig, {
  npmCdn: `${location.origin}/assets/npm`,
});
