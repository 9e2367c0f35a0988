// Runs before the side panel's module (hundreds of KB to parse and run) and asks for what its
// first screen needs: the preferences and the first screen the last panel kept (taken from
// `holdfastEarlyReads` by src/data/early-reads.ts), and the extension's IndexedDB, whose first
// opening from a new page waits tens of milliseconds on the browser: the store's own opening then
// finds that done. This never creates nor upgrades the database (a first install or a schema
// change is the store's). A deferred plain script, before the module in the page: it runs once the
// page is parsed, without holding the parser, and before the module's own code.
(() => {
  const request = indexedDB.open('holdfast');
  request.onupgradeneeded = () => request.transaction.abort();
  request.onsuccess = () => request.result.close();
  request.onerror = (event) => event.preventDefault();
  const storage = globalThis.chrome && globalThis.chrome.storage;
  if (!storage || !storage.session) return;
  globalThis.holdfastEarlyReads = {
    'holdfast:preferences': storage.local.get('holdfast:preferences'),
    'holdfast:first-screen': storage.session.get('holdfast:first-screen'),
  };
})();
