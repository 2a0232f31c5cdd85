/**
 * The stand-in `gr4vy-embed.js`. Like the real Embed it defines
 * `window.gr4vy.setup(config)`, frames the embed page with `parentUrl` and a
 * random `channel` in its URL, answers the frame's `frameReady` with
 * `updateOptions` (token and options) by postMessage to the frame's origin
 * only, takes over the merchant form's submit (`submitForm`), and on
 * `transactionCreated` adds `gr4vy_transaction_id` and
 * `gr4vy_transaction_status` to the form, then calls `onComplete` or submits it.
 */
export function gr4vyEmbedScript(origin: string): string {
  return `(() => {
  "use strict";
  var FRAME_ORIGIN = ${JSON.stringify(origin)};
  var OPTION_KEYS = ["amount", "currency", "intent", "gr4vyId", "token", "debug", "externalIdentifier",
    "buyerId", "buyerExternalIdentifier", "environment", "store", "country", "theme", "locale", "display",
    "customOptions", "metadata", "paymentSource", "cartItems", "statementDescriptor", "requireSecurityCode",
    "shippingDetailsId", "connectionOptions", "showDeleteButton", "requiredFields"];
  var RELAYED = ["formUpdate", "transactionCreated", "transactionFailed", "apiError",
    "paymentMethodSelected", "transactionCancelled", "optionsLoaded"];
  var cleanups = {};
  var embedCount = 0;
  function channelId() {
    return Array.prototype.join.call(crypto.getRandomValues(new Uint32Array(4)), "").slice(0, 32);
  }
  function resolve(value) {
    return value instanceof Element ? value : typeof value === "string" ? document.querySelector(value) : null;
  }
  function argumentError(onEvent, option, message) {
    var data = { code: "argumentError", option: option, message: message };
    if (typeof onEvent === "function") onEvent("argumentError", data);
    console.error("Gr4vy Embed (sandbox): " + option + " " + message);
  }
  function setup(config) {
    config = config || {};
    var onEvent = config.onEvent;
    var element = resolve(config.element);
    if (!element) return argumentError(onEvent, "element", "must be a valid HTML element or query");
    var form = config.form === undefined ? null : resolve(config.form);
    if (config.form !== undefined && !(form instanceof HTMLFormElement)) return argumentError(onEvent, "form", "must be a form or a query for one");
    if (typeof config.gr4vyId !== "string" || !config.gr4vyId) return argumentError(onEvent, "gr4vyId", "must be a string");
    if (typeof config.token !== "string" || !config.token) return argumentError(onEvent, "token", "must be a valid JWT");
    if (!Number.isInteger(config.amount) || config.amount < 0) return argumentError(onEvent, "amount", "must be a valid number");
    if (!/^[A-Z]{3}$/.test(config.currency || "")) return argumentError(onEvent, "currency", "must be a valid, uppercase currency code");
    if (!/^[A-Z]{2}$/.test(config.country || "")) return argumentError(onEvent, "country", "must be a valid, uppercase country code");

    var previous = element.dataset.embedId;
    if (previous && cleanups[previous]) cleanups[previous]();
    element.replaceChildren();
    embedCount += 1;
    var id = String(embedCount);
    element.dataset.embedId = id;

    var channel = channelId();
    var frame = document.createElement("iframe");
    frame.title = "Gr4vy payment form";
    frame.setAttribute("sandbox", "allow-forms allow-popups allow-same-origin allow-scripts allow-top-navigation-by-user-activation");
    frame.style.cssText = "display:block;width:100%;height:360px;border:0;background:transparent";
    frame.src = FRAME_ORIGIN + "/gr4vy/embed?parentUrl=" + encodeURIComponent(location.origin) + "&channel=" + channel;
    element.append(frame);

    function dispatch(message) {
      if (!frame.contentWindow) return;
      message.channel = channel;
      frame.contentWindow.postMessage(message, FRAME_ORIGIN);
    }
    function inject(name, value) {
      if (!form) return;
      var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        form.append(input);
      }
      input.value = value;
    }
    function onMessage(event) {
      if (event.origin !== FRAME_ORIGIN || event.source !== frame.contentWindow) return;
      var message = event.data || {};
      if (message.channel !== channel) return;
      var data = message.data;
      if (RELAYED.indexOf(message.type) !== -1 && typeof onEvent === "function") onEvent(message.type, data);
      if (message.type === "frameReady") {
        var options = {};
        for (var i = 0; i < OPTION_KEYS.length; i++) {
          var key = OPTION_KEYS[i];
          if (config[key] !== undefined) options[key] = config[key];
        }
        options.hasBeforeTransaction = false;
        dispatch({ type: "updateOptions", data: options });
      } else if (message.type === "resize" && data && data.frame && data.frame.height > 0) {
        frame.style.height = Math.min(2000, Math.ceil(data.frame.height)) + "px";
      } else if (message.type === "transactionCreated" && data) {
        inject("gr4vy_transaction_id", data.id);
        inject("gr4vy_transaction_status", data.status);
        if (data.paymentMethod && data.paymentMethod.id) inject("gr4vy_transaction_payment_method_id", data.paymentMethod.id);
        if (typeof config.onComplete === "function") config.onComplete(data);
        else if (form) HTMLFormElement.prototype.submit.call(form);
      }
    }
    function onSubmit(event) {
      event.preventDefault();
      dispatch({ type: "submitForm" });
    }
    window.addEventListener("message", onMessage);
    if (form) form.addEventListener("submit", onSubmit);
    cleanups[id] = function () {
      window.removeEventListener("message", onMessage);
      if (form) form.removeEventListener("submit", onSubmit);
      delete cleanups[id];
    };
    return { submit: function () { dispatch({ type: "submitForm" }); } };
  }
  window.gr4vy = { setup: setup, version: "sandbox" };
})();
`;
}
