// Reconnect service worker: keeps the crisis page and the safety plan readable offline, and
// keeps a check-in made offline on this phone until it can be sent.
// Pages: network first (so content is never stale while online); the cached copy is a fallback.
// Every end of a session (sign-out, idle or 12-hour expiry, Quick exit) sends Clear-Site-Data,
// which empties these caches on that device; where a browser ignores that header, the pages ask
// this worker to forget the private copies (Quick exit: everything), and a signed-out fetch of
// the plan forgets it too.
"use strict";
var CACHE = "reconnect-offline-v1";
var QUEUE = "reconnect-outbox-v1";
var OFFLINE_PAGES = ["/crisis/", "/me/safety-plan/"];
var PRIVATE_PAGES = ["/me/safety-plan/"];
// Forms whose submission is kept on the phone when there is no connection. Each carries a
// client_request_id, so sending it again later (or twice) stores it once.
var QUEUED_FORMS = ["/me/check-in/"];
var SAVED_OFFLINE = "Saved on this phone; it will be sent when you're back online.";

// How many check-ins the outbox holds (0 when there is none).
function outboxCount() {
  return caches.has(QUEUE).then(function (exists) {
    if (!exists) return 0;
    return caches.open(QUEUE).then(function (queue) {
      return queue.keys().then(function (keys) { return keys.length; });
    });
  });
}

// Signed out: forget the private copies and the outbox; answers how many check-ins were in it,
// unsent (the page then says so: none is ever sent under whoever signs in next).
function forgetPrivatePages() {
  return outboxCount().then(function (dropped) {
    return Promise.all([
      caches.open(CACHE).then(function (cache) {
        return Promise.all(PRIVATE_PAGES.map(function (path) { return cache.delete(path); }));
      }),
      caches.delete(QUEUE)
    ]).then(function () { return dropped; });
  });
}

function forgetEverything() {
  return caches.keys().then(function (names) {
    return Promise.all(names.map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.registration.unregister(); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.add("/crisis/"); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// Messages from the pages; where the page passed a port, the answer goes back through it.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  function answer(reply) {
    if (port) port.postMessage(reply);
  }
  if (data === "signed-out") {
    event.waitUntil(forgetPrivatePages().then(function (dropped) { answer({ dropped: dropped }); }));
  } else if (data === "quick-exit") {
    event.waitUntil(forgetEverything());
  } else if (data.type === "send-queued") {
    event.waitUntil(sendQueued(data.csrf || "").then(answer));
  } else if (data.type === "outbox-count") {
    event.waitUntil(outboxCount().then(function (left) { answer({ sent: 0, left: left }); }));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "reconnect-outbox") event.waitUntil(sendQueued(""));
});

// --- The outbox: form submissions kept while offline -----------------------------------------

function queueKey(requestId) {
  return new Request("/__outbox/" + encodeURIComponent(requestId));
}

// Kept with the time it was made, which the server believes when it is in the past and at most
// 48 hours old (reconnect/journal/actions.py, when_made); a later sending keeps that time.
function keep(url, body) {
  var form = new URLSearchParams(body);
  var requestId = form.get("client_request_id") || String(Date.now());
  if (!form.get("made_at")) form.set("made_at", new Date().toISOString());
  body = form.toString();
  var entry = new Response(body, {
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Send-To": url }
  });
  return caches.open(QUEUE).then(function (queue) {
    return queue.put(queueKey(requestId), entry);  // the same request id replaces, never adds
  }).then(function () {
    if (self.registration.sync) return self.registration.sync.register("reconnect-outbox").catch(function () {});
  });
}

function savedOfflineAnswer(request) {
  if (request.mode !== "navigate") {
    return new Response(JSON.stringify({ queued: true, detail: SAVED_OFFLINE }), {
      status: 202, headers: { "Content-Type": "application/json" }
    });
  }
  var page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Saved on this phone</title></head><body><main>" +
    "<h1>Saved on this phone</h1><p role=\"status\">" + SAVED_OFFLINE + "</p>" +
    "<p>If you are in danger now, call <a href=\"tel:911\">911</a>. To talk to someone any " +
    "time, call or text <a href=\"tel:988\">988</a>. <a href=\"/crisis/\">Crisis support</a></p>" +
    "</main></body></html>";
  return new Response(page, { status: 202, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Only a form on one of Reconnect's own pages is kept. Another site's form posted here while the
// phone is offline would otherwise be sent later with this person's session and a fresh token.
function fromOurPages(request) {
  try {
    return new URL(request.referrer).origin === self.location.origin;
  } catch (error) {
    return false;  // no referrer at all
  }
}

function submitOrKeep(request) {
  var url = new URL(request.url).pathname;
  if (!fromOurPages(request)) return fetch(request);
  return request.clone().text().then(function (body) {
    return fetch(request).catch(function () {
      return keep(url, body).then(function () { return savedOfflineAnswer(request); });
    });
  });
}

var sending = null;

// Send what was kept, oldest first. A check-in that arrives is dropped from the outbox; one the
// server turned down for good (its answer is not a redirect onward) is dropped too, so it is
// never sent over and over; one that could not leave the phone stays for the next try. A
// session that has ended sends nothing: its Clear-Site-Data empties the outbox with the rest.
// Each sending says how many are left after it (X-Reconnect-Outbox): the server does not count
// it as the person's activity, and the last one clears the page's "outbox holds something"
// flag (reconnect/core/outbox.py). Answers {sent, left}.
function sendQueued(csrf) {
  if (sending) return sending;
  sending = caches.open(QUEUE).then(function (queue) {
    return queue.keys().then(function (keys) {
      var sent = 0, stayed = 0;
      var chain = Promise.resolve();
      keys.forEach(function (key, index) {
        chain = chain.then(function () {
          return queue.match(key).then(function (entry) {
            if (!entry) return null;
            var url = entry.headers.get("X-Send-To");
            return entry.text().then(function (body) {
              // The page's current token: one kept from before signing in again is stale.
              var form = new URLSearchParams(body);
              if (csrf) form.set("csrfmiddlewaretoken", csrf);
              return fetch(url, {
                method: "POST", body: form.toString(), credentials: "same-origin",
                headers: {
                  "Content-Type": "application/x-www-form-urlencoded",
                  "X-Reconnect-Outbox": String(keys.length - index - 1 + stayed)
                },
                redirect: "follow"
              }).then(function (response) {
                var arrived = response.redirected && new URL(response.url).pathname.indexOf("/sign-in/") !== 0;
                if (arrived) sent += 1;
                if (arrived || response.status === 400) return queue.delete(key);
                stayed += 1;
                return null;
              }, function () { stayed += 1; return null; });  // still offline: keep it
            });
          });
        });
      });
      return chain.then(function () {
        return queue.keys().then(function (rest) { return { sent: sent, left: rest.length }; });
      });
    });
  }).then(function (result) {
    if (!result.sent) return result;
    return self.clients.matchAll({ type: "window" }).then(function (windows) {
      windows.forEach(function (client) { client.postMessage({ type: "sent", count: result.sent }); });
      return result;
    });
  }).finally(function () { sending = null; });
  return sending;
}

// --- Fetches --------------------------------------------------------------------------------

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === "POST" && QUEUED_FORMS.indexOf(url.pathname) !== -1) {
    event.respondWith(submitOrKeep(event.request));
    return;
  }
  if (event.request.method !== "GET") return;
  if (OFFLINE_PAGES.indexOf(url.pathname) === -1) {
    // Any other page opened offline (from the home-screen icon, say) shows the crisis page the
    // worker keeps, rather than the browser's error page. Nothing of it is kept.
    if (event.request.mode === "navigate") {
      event.respondWith(fetch(event.request).catch(function () { return caches.match("/crisis/"); }));
    }
    return;
  }
  event.respondWith(
    fetch(event.request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      } else if (response.redirected && PRIVATE_PAGES.indexOf(url.pathname) !== -1) {
        forgetPrivatePages();  // sent to sign in: the session is over on this device
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (cached) {
        return cached || caches.match("/crisis/");
      });
    })
  );
});
