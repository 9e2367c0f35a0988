// Runs before the side panel's module (hundreds of KB to parse and run) and asks for what its
// first screen needs: the preferences and the first screen the last panel kept (taken from
// `holdfastEarlyReads` by src/data/early-reads.ts); the background's read of the chosen member's
// oldest orders in holding (src/data/oldest-from-background.ts), used when none is kept for them,
// so the panel's first screen is in when its module runs; and the extension's IndexedDB, whose
// first opening from a new page waits tens of milliseconds on the browser: the store's own opening
// (for the fresh list) then finds that done. This never creates nor upgrades the database (a first
// install or a schema change is the store's). A plain script at the top of the page's head, not a
// deferred one: a deferred script waits for the whole page to be parsed and for its stylesheets,
// and the reads it starts are what the first screen waits on (deferred, it ran 13-27 ms after the
// page was parsed). It only starts reads: holding the parser costs fetching 2 KB from the extension.
(() => {
  // eslint-disable-next-line no-restricted-globals -- opens the database only to warm it for the store's own opening (never creates nor upgrades it; see above)
  const request = indexedDB.open('holdfast');
  request.onupgradeneeded = () => request.transaction.abort();
  request.onsuccess = () => request.result.close();
  request.onerror = (event) => event.preventDefault();
  const chrome = globalThis.chrome;
  if (!chrome || !chrome.storage || !chrome.storage.session) return;
  const preferences = chrome.storage.local.get('holdfast:preferences');
  const kept = chrome.storage.session.get('holdfast:first-screen');
  // Asked at once, beside the storage reads rather than after them (it was one round trip later).
  // Whether a screen is kept for the chosen member is decided where it matters, once each: the
  // background answers null without reading the store, the module never reads this answer.
  const oldest = chrome.runtime.sendMessage({ type: 'holdfast/oldest-in-holding' });
  // Read by the module only when nothing is kept; a failure then is the module's to report.
  oldest.catch(() => {});
  globalThis.holdfastEarlyReads = {
    'holdfast:preferences': preferences,
    'holdfast:first-screen': kept,
    'holdfast/oldest-in-holding': oldest,
  };
})();
