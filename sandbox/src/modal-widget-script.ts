export interface ModalWidgetScriptOptions {
  /** Origin of the sandbox (where the frame page lives). */
  origin: string;
  /** Global the script defines, e.g. "FluzWidget". */
  global: string;
  /** Frame title, e.g. "Fluz". */
  title: string;
  /** Path of the frame page on the sandbox origin. */
  framePath: string;
  /** `source` tag the frame puts on its messages. */
  source: string;
  /** Name of the option carrying the token, e.g. "token" or "sessionToken". */
  tokenField: string;
  /** Frame height in px. */
  height: number;
}

/**
 * The stand-in script of a modal widget. It defines
 * `window[global].open({[tokenField], onEvent})`, frames the page of its own
 * origin, hands the token over by postMessage (never in a URL) once the frame
 * says `ready`, and relays the frame's `open`, `success`, `error` and `close`.
 */
export function modalWidgetScript(o: ModalWidgetScriptOptions): string {
  const j = JSON.stringify;
  return `(() => {
  "use strict";
  var ORIGIN = ${j(o.origin)};
  var FIELD = ${j(o.tokenField)};
  function open(options) {
    if (!options || typeof options[FIELD] !== "string") throw new TypeError(${j(`${o.global}.open: ${o.tokenField} is required`)});
    var onEvent = typeof options.onEvent === "function" ? options.onEvent : function () {};
    var overlay = document.createElement("div");
    overlay.setAttribute(${j(`data-${o.source}`)}, "");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483000;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center";
    var frame = document.createElement("iframe");
    frame.title = ${j(o.title)};
    frame.src = ORIGIN + ${j(o.framePath)};
    frame.style.cssText = "width:420px;max-width:94vw;height:${o.height}px;max-height:94vh;border:0;border-radius:16px;background:#fff;box-shadow:0 24px 60px rgba(0,0,0,.35)";
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
      if (data.source !== ${j(o.source)}) return;
      if (data.type === "ready") {
        var init = { type: "init" };
        init[FIELD] = options[FIELD];
        frame.contentWindow.postMessage(init, ORIGIN);
      }
      else if (data.type === "open") onEvent("open", data.detail || {});
      else if (data.type === "success") { onEvent("success", data.detail || {}); close(false); }
      else if (data.type === "error") onEvent("error", data.detail || {});
      else if (data.type === "close") close(true);
    }
    window.addEventListener("message", onMessage);
    document.body.appendChild(overlay);
    return { close: function () { close(true); } };
  }
  window[${j(o.global)}] = { open: open, version: "sandbox" };
})();
`;
}
