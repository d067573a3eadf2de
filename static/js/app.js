// Reconnect page behaviour. Every page works without this file; it only adds comfort.
(function () {
  "use strict";
  var body = document.body;
  var signedIn = Boolean(body.dataset.idleSeconds);
  var worker = "serviceWorker" in navigator && window.isSecureContext ? navigator.serviceWorker : null;

  // Tell the service worker something; `answered`, where given, gets its reply, or null when
  // there is no worker (or it said nothing within a few seconds).
  function ask(message, answered) {
    var controller = worker && worker.controller;
    if (!answered) {
      if (controller) controller.postMessage(message);
      return;
    }
    if (!controller || !window.MessageChannel) {
      answered(null);
      return;
    }
    var channel = new MessageChannel(), done = false;
    function reply(data) {
      if (done) return;
      done = true;
      answered(data || null);
    }
    channel.port1.onmessage = function (event) { reply(event.data); };
    controller.postMessage(message, [channel.port2]);
    setTimeout(reply, 3000);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- The outbox: check-ins kept on this phone while offline (sw.js) ------------------------
  // While it holds something, a flag cookie says so (a flag only, never what was written): the
  // answer that ends a session, and with it the outbox, reads it and the next page says kindly
  // that the check-in could not be sent (reconnect/core/outbox.py).
  var NOT_SENT = "A check-in saved on this phone could not be sent after you were signed out. " +
    "You can check in again.";
  function flagOutbox(holds) {
    var name = body.dataset.outboxCookie;
    if (!name) return;
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = name + (holds ? "=1; Max-Age=2592000" : "=; Max-Age=0") +
      "; Path=/; SameSite=Lax" + secure;
  }
  function tellNotSent() {
    var main = document.getElementById("main");
    if (!main || main.textContent.indexOf(NOT_SENT) !== -1) return;  // the server said it already
    var box = main.querySelector(".messages");
    if (!box) {
      box = document.createElement("div");
      box.className = "messages";
      box.setAttribute("role", "status");
      main.insertBefore(box, main.firstChild);
    }
    var line = document.createElement("p");
    line.className = "message info";
    line.textContent = NOT_SENT;
    box.appendChild(line);
  }
  // Ask the worker to send what it kept; `then` gets {sent, left} (or null without a worker).
  function sendOutbox(then) {
    if (navigator.onLine === false) {
      ask({ type: "outbox-count" }, function (answer) {
        if (answer) flagOutbox(answer.left > 0);
        if (then) then(answer);
      });
      return;
    }
    ask({ type: "send-queued", csrf: csrfToken() }, function (answer) {
      if (answer) flagOutbox(answer.left > 0);
      if (then) then(answer);
    });
  }

  // A session that ends on this device takes the offline safety plan (and the outbox) with it.
  // The server's Clear-Site-Data does this where browsers support it; this covers the others,
  // and an idle expiry noticed while the device is offline. A check-in still waiting in the
  // outbox is not sent under whoever signs in next: it is dropped, and the page says so.
  function forgetOfflineCopies() {
    ask("signed-out", function (answer) {
      if (!answer) return;
      if (answer.dropped) tellNotSent();
      flagOutbox(false);
    });
  }

  // --- Quick exit ------------------------------------------------------------------------------
  // Quick exit: hide the page at once, end the session on the server (its answer tells the
  // browser to forget this site: cached pages, stored data, the offline copies, the session's
  // cookies), then leave for the neutral site with location.replace, so this page leaves the
  // history and Back never shows a record. Without script the link itself goes through
  // /quick-exit/, which does the same and redirects onward. Pressing Escape three times does
  // the same. Until the server has answered, the exit is remembered on this device: with no
  // connection, or a request that never arrived, the next page this browser opens here (Back,
  // the home-screen icon) shows nothing (early.js) and finishes the exit first.
  var PENDING = "reconnect-quick-exit";
  function pendingExit() {
    try {
      return JSON.parse(window.localStorage.getItem(PENDING) || "null");
    } catch (error) {
      return null;
    }
  }
  function rememberExit(exit) {
    try {
      if (exit) window.localStorage.setItem(PENDING, JSON.stringify(exit));
      else window.localStorage.removeItem(PENDING);
    } catch (error) { /* no storage: the exit is tried once, as before */ }
  }
  function hidePage() {
    document.documentElement.classList.add("quick-exit-pending");
    body.hidden = true;
  }
  function leaveBy(exit, wait) {
    hidePage();
    ask("quick-exit");
    var left = false;
    function leave() {
      if (left) return;
      left = true;
      window.location.replace(exit.neutral);
    }
    try {
      fetch(exit.href, {
        credentials: "same-origin", keepalive: true, cache: "no-store",
        headers: { "X-Quick-Exit": "1" }
      }).then(function (response) {
        if (response.ok) rememberExit(null);  // signed out on the server: nothing is pending
        leave();
      }, leave);
    } catch (error) {
      window.location.replace(exit.href);  // no fetch: the plain link's way
      return;
    }
    setTimeout(leave, wait);  // a slow server never holds the person here
  }
  function quickExit(link) {
    var exit = { href: link.href, neutral: link.dataset.neutralUrl || link.href };
    rememberExit(exit);  // first of all: whatever happens next, it will be finished
    leaveBy(exit, 1500);
  }
  function finishPendingExit() {
    var exit = pendingExit();
    if (!exit || !exit.href || !exit.neutral) return false;
    leaveBy(exit, 3000);
    return true;
  }
  if (finishPendingExit()) return;  // nothing else starts on a page that is leaving

  if (!signedIn) forgetOfflineCopies();

  // A page brought back by Back or Forward from the browser's memory (the back-forward cache)
  // is asked for afresh, so that after Quick exit, signing out or an expired session the server
  // answers with the sign-in page instead of the record.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    if (finishPendingExit()) return;
    if (signedIn) {
      body.hidden = true;
      window.location.reload();
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    quickExit(link);
  });
  var escapes = 0, escapeTimer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    escapes += 1;
    clearTimeout(escapeTimer);
    escapeTimer = setTimeout(function () { escapes = 0; }, 1500);
    if (escapes >= 3) quickExit(link);
  });

  // Signing out: first give the outbox its chance to send (a few seconds at most).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-sign-out]") || form.dataset.outboxTried) return;
    if (!worker || !worker.controller) return;
    event.preventDefault();
    form.dataset.outboxTried = "1";
    sendOutbox(function () { form.submit(); });
  });

  // Idle warning: a calm notice shortly before the automatic sign-out.
  var idleSeconds = parseInt(body.dataset.idleSeconds || "0", 10);
  if (!idleSeconds) return;
  var warnBefore = parseInt(body.dataset.idleWarningSeconds || "120", 10);
  var dialog = document.getElementById("idle-warning");
  var warnTimer = null, sendTimer = null, endTimer = null;
  // The sign-in page, set to come back to this page afterwards.
  function signedOut() {
    var here = window.location.pathname + window.location.search;
    var url = body.dataset.signedOutUrl;
    if (here.indexOf(url) !== 0) url += "?next=" + encodeURIComponent(here);
    ask("signed-out");
    window.location.assign(url);
  }
  function schedule() {
    clearTimeout(warnTimer); clearTimeout(sendTimer); clearTimeout(endTimer);
    // Before the session ends, the outbox is sent while it still can be (these sendings are not
    // the person's activity: the server does not count them against the idle limit).
    warnTimer = setTimeout(function () {
      if (dialog && dialog.showModal && !dialog.open) dialog.showModal();
      sendOutbox();
    }, Math.max(0, idleSeconds - warnBefore) * 1000);
    sendTimer = setTimeout(sendOutbox, Math.max(0, idleSeconds - 15) * 1000);
    endTimer = setTimeout(signedOut, idleSeconds * 1000 + 1000);
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

  // Every signed-in page asks the phone to send what it kept (and so knows whether it holds
  // anything still), and again as soon as the phone is back online.
  window.addEventListener("online", function () { sendOutbox(); });
  sendOutbox();
})();

// Print buttons (the safety plan): progressive; the browser's own print works too.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// Offline copies of the crisis page and safety plan, where the browser supports it.
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
}

// A check-in made without a connection: the service worker keeps it on this phone, with its
// request id and the time it was made, and sends it once the phone is back online (the id makes
// a second sending harmless). The page says so in its status line.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  var worker = navigator.serviceWorker;
  var SAVED = "Saved on this phone; it will be sent when you're back online.";
  function say(text) {
    var status = document.querySelector("[data-offline-status]");
    if (!status) return;
    var line = document.createElement("p");
    line.className = "notice";
    line.textContent = text;
    status.replaceChildren(line);
    status.scrollIntoView({ block: "nearest" });
  }
  function flagOutbox() {
    var name = document.body.dataset.outboxCookie;
    if (!name) return;
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = name + "=1; Max-Age=2592000; Path=/; SameSite=Lax" + secure;
  }
  function newRequestId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-offline-queue]") || navigator.onLine !== false) return;
    if (!worker.controller) return;  // no worker yet: the browser's own offline page
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin"
    }).then(function (response) {
      if (response.status !== 202) {
        window.location.assign(response.url);  // the connection was there after all
        return;
      }
      flagOutbox();
      form.reset();
      var requestId = form.querySelector("input[name=client_request_id]");
      if (requestId) requestId.value = newRequestId();  // the next check-in is a new one
      say(SAVED);
    }, function () {
      say("This couldn't be saved on this phone. Please try again when you're back online.");
    }).finally(function () {
      if (button) button.disabled = false;
    });
  });
  worker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type !== "sent") return;
    say(data.count === 1
      ? "Your check-in saved on this phone has been sent."
      : "Your " + data.count + " check-ins saved on this phone have been sent.");
  });
})();
