/**
 * The stand-in Fluz widget script. It defines `window.FluzWidget.open({token,
 * onEvent})`, frames the modal page of its own origin, hands the token over
 * by postMessage (never in a URL), and relays the modal's events.
 */
export function fluzWidgetScript(origin: string): string {
  return `(() => {
  "use strict";
  var ORIGIN = ${JSON.stringify(origin)};
  function open(options) {
    if (!options || typeof options.token !== "string") throw new TypeError("FluzWidget.open: token is required");
    var onEvent = typeof options.onEvent === "function" ? options.onEvent : function () {};
    var overlay = document.createElement("div");
    overlay.setAttribute("data-fluz-sandbox", "");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483000;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center";
    var frame = document.createElement("iframe");
    frame.title = "Fluz";
    frame.src = ORIGIN + "/fluz/modal";
    frame.style.cssText = "width:420px;max-width:94vw;height:470px;max-height:94vh;border:0;border-radius:16px;background:#fff;box-shadow:0 24px 60px rgba(0,0,0,.35)";
    overlay.appendChild(frame);
    var closed = false;
    function close(report) {
      if (closed) return;
      closed = true;
      window.removeEventListener("message", onMessage);
      overlay.remove();
      if (report) onEvent("close", {});
    }
    function onMessage(event) {
      if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
      var data = event.data || {};
      if (data.source !== "fluz-sandbox") return;
      if (data.type === "ready") frame.contentWindow.postMessage({ type: "init", token: options.token }, ORIGIN);
      else if (data.type === "open") onEvent("open", data.detail || {});
      else if (data.type === "success") { onEvent("success", data.detail || {}); close(false); }
      else if (data.type === "error") onEvent("error", data.detail || {});
      else if (data.type === "close") close(true);
    }
    window.addEventListener("message", onMessage);
    document.body.appendChild(overlay);
    return { close: function () { close(true); } };
  }
  window.FluzWidget = { open: open, version: "sandbox" };
})();
`;
}
