// A Chromium profile with a built extension loaded: the end-to-end tests' and the extension
// bench's one way to launch it (no test runner imported here, so a bench can use it).
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

/**
 * The development build the end-to-end tests load (built once, by `global-setup.ts`): it also runs
 * on this computer's pages (the demo portal) and reaches a relay on this computer.
 */
export const EXTENSION_DIR = join(
  fileURLToPath(new URL('../../', import.meta.url)),
  'extension/.output/chrome-mv3-dev',
);

/** A fresh Chromium profile with an extension loaded. */
export interface Profile {
  context: BrowserContext;
  extensionId: string;
  /** The URL of one of the extension's pages. */
  page(path: string): string;
  /** The extension's service worker (started again if the browser stopped it). */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * Chrome's id of an extension loaded unpacked (with no `key` in its manifest): SHA-256 of its real
 * path, the first 32 hex digits written with the letters a–p. Known before the browser starts, so
 * nothing waits for the service worker to appear: on a loaded machine Chrome may start it late, or
 * stop and restart it under the same target, which Playwright does not report as a new
 * `serviceworker` event (microsoft/playwright#39475); waiting for that event timed out at 30 s.
 */
export function unpackedExtensionId(extensionDir: string): string {
  const hex = createHash('sha256').update(realpathSync(extensionDir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/**
 * Launches Chromium on a new, empty profile with the extension in `extensionDir` (the development
 * build unless told). Its pages start its service worker when they need it.
 */
export async function openProfile(extensionDir: string = EXTENSION_DIR): Promise<Profile> {
  const profile = await mkdtemp(join(tmpdir(), 'holdfast-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: [
      '--headless=new',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const extensionId = unpackedExtensionId(extensionDir);
  return {
    context,
    extensionId,
    page: (path) => `chrome-extension://${extensionId}/${path}`,
    worker: async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker')),
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
