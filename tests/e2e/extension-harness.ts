import { execFile } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { HoldfastSnapshot } from '@holdfast/core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PREFERENCES_KEY } from '../../extension/src/data/preferences.ts';
import { openProfile, type Profile } from './browser-profile.ts';

export { EXTENSION_DIR, openProfile, type Profile } from './browser-profile.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'tests/artifacts');
export const SAMPLE_PATH = join(ROOT, 'core/sample/holdfast-sample.json');
export const sample = JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')) as HoldfastSnapshot;

/**
 * Builds the extension with WXT, as `pnpm --filter @holdfast/extension build` (or `build:dev`,
 * `build:firefox`) does; runs the package's own wxt binary, so it works where pnpm is only
 * reachable through npx. A production build goes to `.output/<browser>-mv<n>`, a development
 * build to `.output/<browser>-mv<n>-dev`: building one never replaces the other.
 */
export async function buildExtension(
  browser: 'chrome' | 'firefox' = 'chrome',
  mode: 'production' | 'development' = 'production',
): Promise<void> {
  await promisify(execFile)(join(ROOT, 'extension/node_modules/.bin/wxt'), ['build', '-b', browser, '--mode', mode], {
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
    // Chromium keeps connections open, some without a request yet (a preconnect): `close` alone
    // waits for those to time out (a minute, Node's headersTimeout). The tests are done with them.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Imports the sample through the options page, as a user would. */
export async function importSample(profile: Profile): Promise<void> {
  const options = await profile.context.newPage();
  await options.goto(profile.page('options.html'));
  await options.locator('#import-file').setInputFiles(SAMPLE_PATH);
  await expect
    .poll(() => options.getByTestId('import-result').textContent())
    .toContain(`${sample.orders.length} added`);
  await options.close();
}

/** Chooses who I am in the options page. */
export async function chooseMember(profile: Profile, memberId: string): Promise<void> {
  const options = await profile.context.newPage();
  await options.goto(profile.page('options.html'));
  await options.locator(`#member option[value="${memberId}"]`).waitFor({ state: 'attached' });
  await options.locator('#member').selectOption(memberId);
  await options.getByText('Saved.').waitFor();
  await options.close();
}

/** What a test reaches in the extension's service worker to write the preferences directly. */
type LocalStorageScope = {
  chrome: {
    storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } };
  };
};

/**
 * Stores a relay URL and token in the preferences as the options page would, with sync left off:
 * what a content script or "Forget this computer's data" must then not reach, or must remove.
 */
export async function storeRelayToken(profile: Profile, relay: { url: string; token: string }): Promise<void> {
  const worker = await profile.worker();
  await worker.evaluate(
    async ({ key, url, token }) => {
      const { local } = (globalThis as unknown as LocalStorageScope).chrome.storage;
      const prefs = (await local.get(key))[key] as object;
      await local.set({ [key]: { ...prefs, relayUrl: url, relayToken: token } });
    },
    { key: PREFERENCES_KEY, ...relay },
  );
}

/**
 * A new profile holding the sample, with `memberId` chosen (and, given `relay`, a relay URL and
 * token stored, sync off): each test starts from its own.
 */
export async function openSeededProfile(memberId: string, relay?: { url: string; token: string }): Promise<Profile> {
  const profile = await openProfile();
  try {
    await importSample(profile);
    await chooseMember(profile, memberId);
    if (relay) await storeRelayToken(profile, relay);
    return profile;
  } catch (error) {
    await profile.close();
    throw error;
  }
}

/**
 * An element inside a closed shadow root (the portal banner's): page scripts cannot reach it, and
 * neither can Playwright's selectors, so this asks the browser's DevTools protocol, which sees
 * through shadow roots. Its text and the centre of its box (to click); null while it is not there.
 */
export async function closedShadow(
  page: Page,
  hostId: string,
  selector: string,
): Promise<{ text: string; x: number; y: number } | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type Node = { nodeId: number; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const find = (node: Node): Node | undefined => {
      const attributes = node.attributes ?? [];
      for (let i = 0; i < attributes.length; i += 2)
        if (attributes[i] === 'id' && attributes[i + 1] === hostId) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const found = find(child);
        if (found) return found;
      }
      return undefined;
    };
    const shadowRoot = find(root)?.shadowRoots?.[0];
    if (!shadowRoot) return null;
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: shadowRoot.nodeId, selector });
    if (!nodeId) return null;
    const { object } = await cdp.send('DOM.resolveNode', { nodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: 'function () { return this.textContent; }',
      returnByValue: true,
    });
    const { model } = await cdp.send('DOM.getBoxModel', { nodeId });
    const [x1, y1, , , x3, y3] = model.border as [number, number, number, number, number, number];
    return { text: String(result.value), x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
  } finally {
    await cdp.detach();
  }
}

/**
 * Runs `expression` (awaited) in the extension's content-script world of `page` — the isolated
 * world where the content script runs — and returns its value, or the message it threw.
 */
export async function inContentScriptWorld(
  page: Page,
  extensionId: string,
  expression: string,
): Promise<{ value?: unknown; error?: string }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type Context = { id: number; origin: string; name: string; auxData?: { type?: string; isDefault?: boolean } };
    const contexts: Context[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: Context }) => contexts.push(context));
    // Enabling the runtime reports every execution context that exists, the isolated worlds included.
    await cdp.send('Runtime.enable');
    const world = contexts.find(
      (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`,
    );
    if (!world) throw new Error(`No content script of ${extensionId} runs in ${page.url()}`);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) return { error: exceptionDetails.exception?.description ?? exceptionDetails.text };
    return { value: result.value as unknown };
  } finally {
    await cdp.detach();
  }
}
