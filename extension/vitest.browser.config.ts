import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';

/**
 * Tests that need IndexedDB run in a real Chromium (Debian's `chromium`, as the end-to-end tests
 * do): extension code meets the browser's own IndexedDB, never fake-indexeddb.
 */
export default defineProject({
  test: {
    name: 'extension-browser',
    include: ['src/**/*.browser.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
