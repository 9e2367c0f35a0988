// A Chromium profile with a built extension loaded: the end-to-end tests' and the extension
// bench's one way to launch it (no test runner imported here, so a bench can use it).
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
 * Launches Chromium on a new, empty profile with the extension in `extensionDir` (the development
 * build unless told) and finds the extension's id.
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
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(first.url()).host;
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
