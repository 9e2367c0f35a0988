// Runs before the side panel's module (hundreds of KB to parse and run) and asks for what its
// first screen needs: the preferences and the first screen the last panel kept (taken from
// `holdfastEarlyReads` by src/data/early-reads.ts); with none kept for the chosen member, the
// background's read of their oldest orders in holding (src/data/oldest-from-background.ts), so the
// panel's first screen is in when its module runs; and the extension's IndexedDB, whose first
// opening from a new page waits tens of milliseconds on the browser: the store's own opening (for
// the fresh list) then finds that done. This never creates nor upgrades the database (a first
// install or a schema change is the store's). A deferred plain script, before the module in the
// page: it runs once the page is parsed, without holding the parser, and before the module's code.
(() => {
  const request = indexedDB.open('holdfast');
  request.onupgradeneeded = () => request.transaction.abort();
  request.onsuccess = () => request.result.close();
  request.onerror = (event) => event.preventDefault();
  const chrome = globalThis.chrome;
  if (!chrome || !chrome.storage || !chrome.storage.session) return;
  const preferences = chrome.storage.local.get('holdfast:preferences');
  const kept = chrome.storage.session.get('holdfast:first-screen');
  const oldest = Promise.all([preferences, kept]).then(([p, k]) => {
    const memberId = p['holdfast:preferences'] && p['holdfast:preferences'].memberId;
    const keptFor = k['holdfast:first-screen'] && k['holdfast:first-screen'].memberId;
    return memberId && memberId !== keptFor
      ? chrome.runtime.sendMessage({ type: 'holdfast/oldest-in-holding' })
      : undefined;
  });
  // Read by the module only when nothing is kept; a failure then is the module's to report.
  oldest.catch(() => {});
  globalThis.holdfastEarlyReads = {
    'holdfast:preferences': preferences,
    'holdfast:first-screen': kept,
    'holdfast/oldest-in-holding': oldest,
  };
})();
