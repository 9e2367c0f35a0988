import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXTENSION_DIR = join(ROOT, 'extension/.output/chrome-mv3');
export const ARTIFACTS = join(ROOT, 'tests/artifacts');

/**
 * Builds the extension with WXT, as `pnpm --filter @holdfast/extension build` (or `build:firefox`)
 * does; runs the package's own wxt binary, so it works where pnpm is only reachable through npx.
 */
export async function buildExtension(browser: 'chrome' | 'firefox' = 'chrome'): Promise<void> {
  await promisify(execFile)(join(ROOT, 'extension/node_modules/.bin/wxt'), ['build', '-b', browser], {
    cwd: join(ROOT, 'extension'),
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Serves the demo portal page on 127.0.0.1, port 0. */
export async function serveDemoPortal(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.url?.split('?')[0] !== '/portal.html') {
      response.writeHead(404).end('Only /portal.html is served here.');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    createReadStream(join(ROOT, 'extension/demo/portal.html')).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/portal.html`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Launches Chromium with the built extension loaded and finds the extension's id. */
export async function launchWithExtension(): Promise<{
  context: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}> {
  const profile = await mkdtemp(join(tmpdir(), 'holdfast-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: [
      '--headless=new',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
