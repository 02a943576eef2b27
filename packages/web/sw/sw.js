/* Khata's service worker, written by hand (no workbox). The build (sw/plugin.ts) replaces the two markers below
 * with the build's version and the list of files to keep, so every build installs a fresh cache.
 *
 *  - install: cache the app shell (index.html), every built JS/CSS chunk (all languages), the icons, the manifest
 *    and the Noto fonts for the scripts Khata shows; a failed download fails the install (no half-cached app).
 *  - activate: drop caches of older builds, take control of open pages.
 *  - fetch: /api/ is never touched (the data lives in IndexedDB; the sync engine talks to the server itself).
 *    Opening the app (a navigation) is answered from the cache first, so it opens at once on 2G and with no
 *    network at all; built files (/assets/, hashed names) come from the cache, and anything else same-origin
 *    is tried on the network and kept for the next time.
 */
const VERSION = '__KHATA_VERSION__';
const PRECACHE = __KHATA_PRECACHE__;
const CACHE = `khata-${VERSION}`;
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('khata-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'khata:version') event.source?.postMessage({ type: 'khata:version', version: VERSION });
});

async function fromCacheOrNetwork(request, cacheKey) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(cacheKey ?? request, { ignoreSearch: cacheKey === SHELL });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') cache.put(cacheKey ?? request, response.clone()).catch(() => undefined);
  return response;
}

async function networkThenCache(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') cache.put(request, response.clone()).catch(() => undefined);
    return response;
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    if (url.pathname === '/' || url.pathname === SHELL) event.respondWith(fromCacheOrNetwork(request, SHELL));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(fromCacheOrNetwork(request));
    return;
  }
  event.respondWith(networkThenCache(request));
});
