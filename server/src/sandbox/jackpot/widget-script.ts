/**
 * The stand-in Jackpot widget script. It defines
 * `window.JackpotWidget.open({sessionToken, onEvent})`, frames the widget page
 * of its own origin, hands the session token over by postMessage (never in a
 * URL), and relays the page's events.
 */
export function jackpotWidgetScript(origin: string): string {
  return `(() => {
  "use strict";
  var ORIGIN = ${JSON.stringify(origin)};
  function open(options) {
    if (!options || typeof options.sessionToken !== "string") throw new TypeError("JackpotWidget.open: sessionToken is required");
    var onEvent = typeof options.onEvent === "function" ? options.onEvent : function () {};
    var overlay = document.createElement("div");
    overlay.setAttribute("data-jackpot-sandbox", "");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483000;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center";
    var frame = document.createElement("iframe");
    frame.title = "Jackpot";
    frame.src = ORIGIN + "/jackpot/widget";
    frame.style.cssText = "width:420px;max-width:94vw;height:480px;max-height:94vh;border:0;border-radius:16px;background:#fff;box-shadow:0 24px 60px rgba(0,0,0,.35)";
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
      if (data.source !== "jackpot-sandbox") return;
      if (data.type === "ready") frame.contentWindow.postMessage({ type: "init", sessionToken: options.sessionToken }, ORIGIN);
      else if (data.type === "open") onEvent("open", data.detail || {});
      else if (data.type === "success") { onEvent("success", data.detail || {}); close(false); }
      else if (data.type === "error") onEvent("error", data.detail || {});
      else if (data.type === "close") close(true);
    }
    window.addEventListener("message", onMessage);
    document.body.appendChild(overlay);
    return { close: function () { close(true); } };
  }
  window.JackpotWidget = { open: open, version: "sandbox" };
})();
`;
}
