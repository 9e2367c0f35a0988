import { defineConfig } from 'vitest/config';

// One run covers every package; each package keeps its own settings beside its code.
export default defineConfig({
  test: {
    projects: ['core', 'sync-server', 'extension', 'extension/vitest.browser.config.ts', 'tests'],
  },
});
