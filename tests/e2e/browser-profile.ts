// A Chromium profile with a built extension loaded: the end-to-end tests' and the extension
// bench's one way to launch it (no test runner imported here, so a bench can use it).
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { pollUntil } from '../support/poll-until.ts';

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
  /** The extension's service worker, once it runs (the browser stops it when idle, starts it on an event). */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/** The fields of a built extension's manifest read here. */
const manifestIn = (extensionDir: string) =>
  JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { name: string; key?: string };

/**
 * The id Chromium gives an unpacked extension: the first 128 bits of the SHA-256 of the manifest's
 * `key` (decoded) or, without one, of the folder's absolute path with links resolved, each hex digit
 * written as a letter from a to p. Known before the browser starts, so finding it waits for nothing.
 */
export function unpackedExtensionId(extensionDir: string): string {
  const { key } = manifestIn(extensionDir);
  const hash = createHash('sha256')
    .update(key ? Buffer.from(key, 'base64') : Buffer.from(realpathSync(extensionDir)))
    .digest('hex');
  return [...hash.slice(0, 32)].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

/** How long a loaded 2-core machine may take to register the extension after Chromium starts. */
const REGISTERED_WITHIN_MS = 60_000;
/** How often to ask again meanwhile: each try is one navigation, cheap but not free. */
const RETRY_EVERY_MS = 100;

/**
 * Waits until Chromium has registered the extension: until one of its files loads in a tab. Until
 * then a navigation to it fails with ERR_BLOCKED_BY_CLIENT and is tried again; any other failure,
 * or a file that loads but is not this extension's manifest, is a real error.
 */
async function untilRegistered(context: BrowserContext, extensionId: string, name: string): Promise<void> {
  const tab = await context.newPage();
  let blocked: unknown;
  try {
    await pollUntil(
      `Chromium registers ${name} (${extensionId})`,
      async () => {
        try {
          const response = await tab.goto(`chrome-extension://${extensionId}/manifest.json`);
          const manifest = (await response?.json()) as { name?: string } | undefined;
          if (manifest?.name !== name) throw new Error(`chrome-extension://${extensionId} is not ${name}`);
          return true;
        } catch (error) {
          if (!String(error).includes('ERR_BLOCKED_BY_CLIENT')) throw error;
          blocked = error;
          return false;
        }
      },
      {
        everyMs: RETRY_EVERY_MS,
        timeoutMs: REGISTERED_WITHIN_MS,
        timeoutError: () =>
          new Error(`Chromium did not register ${name} (${extensionId}) within ${REGISTERED_WITHIN_MS} ms`, {
            cause: blocked,
          }),
      },
    );
  } finally {
    await tab.close();
  }
}

/**
 * Launches Chromium on a new, empty profile with the extension in `extensionDir` (the development
 * build unless told) and waits until the extension is registered.
 *
 * The id is computed, not read from the extension's service worker: Playwright's `serviceworker`
 * event could fail to come within its timeout under heavy load (the worker started before
 * Playwright attached, or late), and an extension page is what the tests need anyway.
 */
export async function openProfile(extensionDir: string = EXTENSION_DIR): Promise<Profile> {
  const extensionId = unpackedExtensionId(extensionDir);
  const { name } = manifestIn(extensionDir);
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
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    await untilRegistered(context, extensionId, name);
  } catch (error) {
    await close();
    throw error;
  }
  const ours = (worker: Worker) => new URL(worker.url()).host === extensionId;
  return {
    context,
    extensionId,
    page: (path) => `chrome-extension://${extensionId}/${path}`,
    worker: async () => {
      // Listening before looking: a worker that starts between the two is not missed.
      const started = context.waitForEvent('serviceworker', { predicate: ours });
      const running = context.serviceWorkers().find(ours);
      if (!running) return started;
      started.catch(() => {}); // Not needed: it ends with a timeout or the context's close.
      return running;
    },
    close,
  };
}
