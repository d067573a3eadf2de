// Reconnect service worker: keeps the crisis page and the safety plan readable offline.
// Network first (so content is never stale while online); the cached copy is a fallback only.
// Every end of a session (sign-out, idle or 12-hour expiry, Quick exit) sends Clear-Site-Data,
// which empties this cache on that device; where a browser ignores that header, the pages ask
// this worker to forget the private copies, and a signed-out fetch of the plan forgets it too.
"use strict";
var CACHE = "reconnect-offline-v1";
var OFFLINE_PAGES = ["/crisis/", "/me/safety-plan/"];
var PRIVATE_PAGES = ["/me/safety-plan/"];

function forgetPrivatePages() {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(PRIVATE_PAGES.map(function (path) { return cache.delete(path); }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.add("/crisis/"); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("message", function (event) {
  if (event.data === "signed-out") event.waitUntil(forgetPrivatePages());
});

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (OFFLINE_PAGES.indexOf(url.pathname) === -1) return;
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
