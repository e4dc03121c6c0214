// The service worker that keeps a copy of Dockerlab in the browser, so that the site works offline.
//
// This file is a template: scripts/post-build.mjs writes it into dist/sw.js after the constants it computes from
// the built files: `VERSION` (a hash over every stored file and this code), `FILES` (each file's path relative
// to the site and its sha256 in subresource-integrity form, empty under `trunk serve`, which rewrites index.html
// for each request) and `NETWORK_FIRST` (true for `trunk serve` only). It is not loaded by index.html itself;
// assets/offline.js registers the generated dist/sw.js.
//
// Each release is one cache, named after the site's path and VERSION, holding every file of that release.
//
// - install: fetch every file in FILES into the release's cache. Each file is checked against its hash, so a copy
//   caught half-uploaded (a new sw.js beside an old lesson) fails to install instead of storing a mix under this
//   version's name; the browser tries again on a later visit.
// - fetch: a navigation (a new page) gets the newest release's index.html. Every other request of a page is
//   answered from the cache of the release that page started with, falling back to the network: a stored file
//   never waits for the network. A navigation to an address that is not a stored file goes to the network and
//   falls back to the stored index.html, since every page of the app lives in the fragment of that one document.
//   Under `trunk serve`, where files change at every rebuild, the network answers first and the cache only
//   when that fails.
// - cleaning up: an earlier release's cache is deleted once no open page runs that release, checked when a
//   worker activates and whenever a page has loaded (assets/offline.js says so). A release still installing is
//   never touched: only releases that were once active are candidates.
//
// Why a new release takes over at once (skipWaiting, clients.claim) and yet keeps older caches while pages use
// them: without skipWaiting a new worker waits until every tab of the site is closed, and reloading a tab does not
// let it in, so a learner with one long-lived tab would stay on an old release indefinitely. With it, pages that
// are already open come under the new worker while running the old release's code, and that code may still ask
// for files of its own release later: wasm chunks whose names carry their content hash, loaded when a page is
// first opened, which the new release does not have. So each page is answered from its own release until it is
// closed or reloaded, and only then is the old cache deleted. Which release a page runs is known from the worker
// that answered its navigation, written down per page (`resultingClientId`) in a small bookkeeping cache, beside
// the order in which releases became active.

/* global VERSION, FILES, NETWORK_FIRST */

const SCOPE = new URL(self.registration.scope);
// Caches are shared by the whole origin, so the names carry the site's path: two copies of Dockerlab under
// different paths of one host never delete each other's files.
const CACHE_PREFIX = `dockerlab ${SCOPE.pathname} `;
const CACHE = CACHE_PREFIX + VERSION;
/** Bookkeeping: the release each open page runs (one entry per page) and the releases in the order activated. */
const BOOKS = `${CACHE_PREFIX}releases`;
const ORDER_KEY = `${SCOPE.href}?dockerlab-releases`;
const INDEX = new URL('index.html', SCOPE).href;

/** The stored address of every file, mapped to its integrity value. */
const STORED = new Map(FILES.map(([path, integrity]) => [new URL(path, SCOPE).href, integrity]));

const releaseCache = (version) => CACHE_PREFIX + version;
const pageKey = (clientId) => `${SCOPE.href}?dockerlab-page=${encodeURIComponent(clientId)}`;
const isRelease = (name) => name.startsWith(CACHE_PREFIX) && name !== BOOKS;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const results = await Promise.allSettled([...STORED].map(([url, integrity]) => store(cache, url, integrity)));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) {
        // Leave nothing half-filled behind (every fetch has settled, so none writes after this); the next attempt
        // starts afresh.
        await caches.delete(CACHE);
        throw failed.reason;
      }
      await self.skipWaiting();
    })(),
  );
});

/** Fetches one file past the HTTP cache (revalidating), checks it and stores it. */
async function store(cache, url, integrity) {
  let response = await fetch(url, { cache: 'no-cache', integrity });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // A host that redirects (`/index.html` to `/`, say) marks the response as redirected, and a browser refuses a
  // redirected response as the answer to a navigation. The stored copy keeps the body and headers only.
  if (response.redirected) {
    const { status, statusText, headers } = response;
    response = new Response(await response.blob(), { status, statusText, headers });
  }
  await cache.put(url, response);
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await serially(async () => {
        const books = await caches.open(BOOKS);
        const order = (await activeOrder(books)).filter((version) => version !== VERSION);
        await books.put(ORDER_KEY, new Response(JSON.stringify([...order, VERSION])));
      });
      await self.clients.claim();
      await serially(prune);
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'dockerlab:page-loaded') event.waitUntil(serially(prune));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  // The query is not part of a stored file's address: `?embed=lint` is the same index.html.
  let address = url.origin + url.pathname;
  if (address === SCOPE.href) address = INDEX;
  if (request.mode === 'navigate') {
    if (event.resultingClientId) event.waitUntil(remember(event.resultingClientId));
    event.respondWith(
      STORED.has(address)
        ? answer([VERSION], address, request)
        : fetch(request).catch(() => answer([VERSION], INDEX, request)),
    );
  } else {
    event.respondWith(releasesFor(event.clientId).then((versions) => answer(versions, address, request)));
  }
});

/** `address` from the first of these releases' caches that holds it, or else the network. */
async function answer(versions, address, request) {
  if (NETWORK_FIRST) {
    try {
      const response = await fetch(request);
      if (response.ok) return response;
    } catch {
      // Offline: the stored copy answers.
    }
  }
  for (const version of versions) {
    const name = releaseCache(version);
    if (!(await caches.has(name))) continue;
    const hit = await (await caches.open(name)).match(address);
    if (hit) return hit;
  }
  return fetch(request);
}

/** Runs the bookkeeping steps of this worker one at a time, so that none reads what another is rewriting. */
let queue = Promise.resolve();
function serially(task) {
  queue = queue.then(task, task);
  return queue;
}

/** The versions that have been active, oldest first. */
async function activeOrder(books) {
  const entry = await books.match(ORDER_KEY);
  return entry ? entry.json() : [];
}

/** Writes down that the page `clientId` runs this worker's release. */
async function remember(clientId) {
  await (await caches.open(BOOKS)).put(pageKey(clientId), new Response(VERSION));
}

/** The release a page runs, or null for a page no worker answered (loaded before one was installed). */
async function releaseOf(clientId) {
  if (!clientId) return null;
  const entry = await (await caches.open(BOOKS)).match(pageKey(clientId));
  return entry ? entry.text() : null;
}

/** The releases to answer a page from: its own, then this one; every stored release for a page of unknown release. */
async function releasesFor(clientId) {
  const own = await releaseOf(clientId);
  if (own !== null) return own === VERSION ? [VERSION] : [own, VERSION];
  const others = (await caches.keys()).filter((name) => isRelease(name) && name !== CACHE);
  return [VERSION, ...others.map((name) => name.slice(CACHE_PREFIX.length))];
}

/**
 * Deletes the caches of earlier releases that no open page runs, and the notes about closed pages. While a page
 * of unknown release is open, every cache stays: it may need any of them.
 */
async function prune() {
  const books = await caches.open(BOOKS);
  const order = await activeOrder(books);
  if (order.length === 0) return;
  const open = await self.clients.matchAll({ type: 'window' });
  const inUse = new Set([order.at(-1)]);
  for (const client of open) {
    const release = await releaseOf(client.id);
    if (release === null) return;
    inUse.add(release);
  }
  const openKeys = new Set(open.map((client) => pageKey(client.id)));
  for (const request of await books.keys()) {
    if (request.url !== ORDER_KEY && !openKeys.has(request.url)) await books.delete(request);
  }
  const unused = order.filter((version) => !inUse.has(version));
  if (unused.length === 0) return;
  for (const version of unused) await caches.delete(releaseCache(version));
  // Read again: another worker (the previous or the next release) may have written the order meanwhile.
  const now = await activeOrder(books);
  await books.put(ORDER_KEY, new Response(JSON.stringify(now.filter((version) => !unused.includes(version)))));
}
