// Runs the store benchmark inside Debian's Chromium: bundles the page with esbuild, serves it on
// 127.0.0.1 (IndexedDB needs an http origin), and calls it through playwright-core.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { SizeFigures } from './store-bench-run.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./chromium/store-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function serve(script: string): Promise<Server> {
  const html =
    '<!doctype html><meta charset="utf-8"><title>holdfast store bench</title><script type="module" src="/bench.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function runInChromium(
  sizes: number[],
  runs: number,
  seed: number,
  log: (line: string) => void,
): Promise<SizeFigures[]> {
  const server = await serve(await bundle());
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => log(`  [chromium] ${message.text()}`));
    page.on('pageerror', (error) => log(`  [chromium error] ${error.message}`));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => typeof window.runStoreBench === 'function');
    page.setDefaultTimeout(0);
    return await page.evaluate(([s, r, seedValue]) => window.runStoreBench(s, r, seedValue), [
      sizes,
      runs,
      seed,
    ] as const);
  } finally {
    await browser.close();
    server.close();
  }
}
