/* The service worker's code, loaded by /sw.js (core/views.py) with its settings in self.KINERJA_OFFLINE
 * (core/offline.py). A phone without a connection still opens the pages it kept (the report form: its draft is in
 * localStorage, progress/report.js) and otherwise the offline page.
 *
 * - static files (our own, never a CDN): the offline page's are fetched at install; every other one a page loads
 *   is kept as it passes. Hashed URLs (production) are answered from the cache first; in development the network
 *   goes first.
 * - pages: network first; an answer carrying the keep header is stored; without a connection the stored copy,
 *   else the offline page. Nothing else (API, autosave, uploads, htmx fragments) is touched.
 * - both caches are named after the static version: a new version deletes the old ones when it activates.
 * - messages from app.js: "seen" (a page whose HTML did not come through this worker: keep it and its files now) and
 *   "forget" (logged out: drop every kept page).
 */
(() => {
  "use strict";

  const config = self.KINERJA_OFFLINE;
  const STATIC_CACHE = `kinerja-static-${config.version}`;
  const PAGE_CACHE = `kinerja-pages-${config.version}`;
  const OURS = [STATIC_CACHE, PAGE_CACHE];

  const sameOrigin = (url) => new URL(url, self.location.href).origin === self.location.origin;
  const isStatic = (url) => sameOrigin(url) && new URL(url, self.location.href).pathname.startsWith(config.static);
  const kept = (response) => response && response.ok && response.headers.get(config.header) === "keep";

  const keepStatic = async (url) => {
    const cache = await caches.open(STATIC_CACHE);
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) await cache.put(url, response);
  };

  // A page just shown ("seen") is usually in the browser's HTTP cache: take that copy (force-cache) rather than
  // download it again, which a phone losing its connection right after the page came may no longer manage; the
  // network only when the browser kept none.
  const keepPage = async (url) => {
    const response = await fetch(url, { credentials: "same-origin", redirect: "manual", cache: "force-cache" });
    if (kept(response)) await (await caches.open(PAGE_CACHE)).put(url, response);
  };

  self.addEventListener("install", (event) => {
    event.waitUntil((async () => {
      await Promise.all(config.precache.map((url) => keepStatic(url).catch(() => undefined)));
      const offline = await fetch(config.offline, { credentials: "same-origin" });
      if (offline.ok) await (await caches.open(PAGE_CACHE)).put(config.offline, offline);
      await self.skipWaiting();
    })());
  });

  self.addEventListener("activate", (event) => {
    event.waitUntil((async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith("kinerja-") && !OURS.includes(name))
        .map((name) => caches.delete(name)));
      await self.clients.claim();
    })());
  });

  const staticFile = async (request) => {
    const cache = await caches.open(STATIC_CACHE);
    if (config.hashed) {
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
    }
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch (error) {
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      throw error;
    }
  };

  const page = async (request) => {
    const cache = await caches.open(PAGE_CACHE);
    try {
      const response = await fetch(request);
      if (kept(response)) await cache.put(request, response.clone());
      return response;
    } catch (error) {
      return (await cache.match(request, { ignoreVary: true }))
        || (await cache.match(config.offline, { ignoreVary: true })) || Response.error();
    }
  };

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || !sameOrigin(request.url)) return;
    if (request.mode === "navigate") event.respondWith(page(request));
    else if (isStatic(request.url)) event.respondWith(staticFile(request));
  });

  self.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "forget") {
      event.waitUntil(caches.open(PAGE_CACHE).then(async (cache) => {
        const requests = await cache.keys();
        await Promise.all(requests.filter((request) => new URL(request.url).pathname !== config.offline)
          .map((request) => cache.delete(request)));
      }));
    } else if (data.type === "seen" && typeof data.page === "string" && sameOrigin(data.page)) {
      const files = (Array.isArray(data.assets) ? data.assets : []).filter((url) => typeof url === "string"
        && isStatic(url));
      event.waitUntil(Promise.all([keepPage(data.page).catch(() => undefined),
        ...files.map((url) => keepStatic(url).catch(() => undefined)), self.clients.claim()]));
    }
  });
})();
