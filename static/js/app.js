// Reconnect page behaviour. Every page works without this file; it only adds comfort.
(function () {
  "use strict";

  // A session that ends on this device takes the offline safety plan with it. The server's
  // Clear-Site-Data does this where browsers support it; this covers the others, and an idle
  // expiry noticed while the device is offline.
  function forgetOfflineCopies() {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return;
    navigator.serviceWorker.controller.postMessage("signed-out");
  }
  if (!document.body.dataset.idleSeconds) forgetOfflineCopies();

  // Quick exit: leave at once for a neutral site and replace this page in the history,
  // so "back" does not return here. The link goes through /quick-exit/, which ends the session
  // and redirects onward. Pressing Escape three times does the same.
  function quickExit(url) {
    document.body.hidden = true;
    forgetOfflineCopies();
    window.location.replace(url);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    quickExit(link.href);
  });
  var escapes = 0, escapeTimer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    escapes += 1;
    clearTimeout(escapeTimer);
    escapeTimer = setTimeout(function () { escapes = 0; }, 1500);
    if (escapes >= 3) quickExit(link.href);
  });

  // Idle warning: a calm notice shortly before the automatic sign-out.
  var body = document.body;
  var idleSeconds = parseInt(body.dataset.idleSeconds || "0", 10);
  if (!idleSeconds) return;
  var warnBefore = parseInt(body.dataset.idleWarningSeconds || "120", 10);
  var dialog = document.getElementById("idle-warning");
  var warnTimer = null, endTimer = null;
  // The sign-in page, set to come back to this page afterwards.
  function signedOut() {
    var here = window.location.pathname + window.location.search;
    var url = body.dataset.signedOutUrl;
    if (here.indexOf(url) !== 0) url += "?next=" + encodeURIComponent(here);
    forgetOfflineCopies();
    window.location.assign(url);
  }
  function schedule() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warnTimer = setTimeout(function () {
      if (dialog && dialog.showModal && !dialog.open) dialog.showModal();
    }, Math.max(0, idleSeconds - warnBefore) * 1000);
    endTimer = setTimeout(signedOut, idleSeconds * 1000 + 1000);
  }
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  var stay = document.getElementById("idle-stay");
  if (stay) {
    stay.addEventListener("click", function () {
      fetch(body.dataset.keepAliveUrl, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        // Signed out already, the answer is the sign-in page (a redirect) or a refusal.
        if (response.ok && !response.redirected) { dialog.close(); schedule(); }
        else { signedOut(); }
      });
    });
  }
  document.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();

// Print buttons (the safety plan): progressive; the browser's own print works too.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// Offline copies of the crisis page and safety plan, where the browser supports it.
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
}
