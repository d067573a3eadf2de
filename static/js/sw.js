// Reconnect service worker: keeps the crisis page and the safety plan readable offline.
// Network first (so content is never stale while online); the cached copy is a fallback only.
// Signing out sends Clear-Site-Data, which empties this cache on that device.
"use strict";
var CACHE = "reconnect-offline-v1";
var OFFLINE_PAGES = ["/crisis/", "/me/safety-plan/"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.add("/crisis/"); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
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
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (cached) {
        return cached || caches.match("/crisis/");
      });
    })
  );
});
