// Makes a served copy of Dockerlab work offline: registers the service worker (`sw.js`, which
// scripts/post-build.mjs writes into dist/) and tells the app once that worker holds every file of the site,
// by marking <html data-offline="ready"> and dispatching `dockerlab:offline-ready` on the window. The app shows
// "Available offline" from either.
//
// Nothing is registered
// - on file:// (the single-file build opened from disk): browsers allow service workers on http(s) only, and
//   that build carries everything it needs inside the page anyway;
// - over plain http from another machine: not a secure context, so `navigator.serviceWorker` is absent;
// - in `?embed=` views: an embed is a demo inside someone else's page, often in a third-party iframe whose
//   storage the browser partitions or blocks. Storing the whole course there would cost every reader of that
//   page a megabyte they did not ask for, for a copy they could not find again outside that page. An embed on
//   the same site as a full visit is still answered by the worker that visit registered.
(() => {
  const served = location.protocol === 'https:' || location.protocol === 'http:';
  if (!served || !('serviceWorker' in navigator)) return;

  // Once loaded, a page served by the worker tells it so: the page it replaced is gone by then, so the worker can
  // delete the stored copy of a release no open page runs any more (see sw.js). Embeds too, as they hold releases.
  addEventListener('load', () => {
    navigator.serviceWorker.controller?.postMessage({ type: 'dockerlab:page-loaded' });
  });

  if (new URLSearchParams(location.search).has('embed')) return;

  // `ready` resolves once a worker is active, and a worker only becomes active after its install step, which
  // stores every file or fails as a whole (see sw.js). So "ready" means the stored copy is complete.
  navigator.serviceWorker.ready.then(() => {
    document.documentElement.dataset.offline = 'ready';
    dispatchEvent(new Event('dockerlab:offline-ready'));
  });

  // Registering after `load` keeps the worker's downloads from competing with the app's own first load.
  // `updateViaCache: 'none'` makes every update check ask the server for sw.js itself, so a new release is
  // found on the next visit even where the host lets browsers cache scripts.
  addEventListener('load', () => {
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch((error) => {
      console.warn('Dockerlab could not be stored for offline use:', error);
    });
  });
})();
