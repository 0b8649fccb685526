// The sandbox's embedded flow (/sandbox/widget) talks to the page that frames it, in the
// message shapes Persona's JavaScript SDK listens for. The server writes every message
// into #sandbox-widget's data attributes; this script only posts them, and only to the
// framing page's origin (data-iframe-origin), which the server checked against the
// origins allowed to embed the flow.
"use strict";

(() => {
  const widget = document.getElementById("sandbox-widget");
  if (!widget || window.parent === window) return;
  const origin = widget.dataset.iframeOrigin;
  const read = (name) => {
    try {
      return JSON.parse(widget.dataset[name] || "null");
    } catch (_) {
      return null;
    }
  };
  const post = (message) => window.parent.postMessage(message, origin);

  for (const message of read("messages") || []) post(message);

  const exit = read("exit");
  const leave = () => {
    if (exit) post(exit);
  };
  for (const button of document.querySelectorAll("[data-widget-exit]")) {
    button.addEventListener("click", leave);
  }
  // The SDK's `client.cancel()` asks the flow to exit; it answers like the Cancel button.
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.origin !== origin) return;
    if (event.data && event.data.action === "exit") leave();
  });
})();
