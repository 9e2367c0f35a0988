// `pnpm bench extension`: gzip size of the popup and side panel, and the side panel's first render
// with 5,000 orders in Chromium. Prints figures and their ratio to Holdfast's targets.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { generateSample } from '@holdfast/core/sample';
import { FIRST_ORDERS_MARK } from '../src/ui/sidepanel/side-panel-app.tsx';
import { pageSize } from './bundle-size.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'extension/.output/chrome-mv3');
const ORDERS = 5000;
const SEED = 7;
const RUNS = 5;
const MEMBER = 'bluewave-networks:alex';
const TARGETS = { popupGzip: 60 * 1024, firstRenderMs: 100 };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

execFileSync(join(ROOT, 'extension/node_modules/.bin/wxt'), ['build'], { cwd: join(ROOT, 'extension'), stdio: 'ignore' });
const popup = pageSize(OUT, 'popup.html');
const panel = pageSize(OUT, 'sidepanel.html');
console.log(`popup      ${popup.files} files  ${kb(popup.raw)} raw  ${kb(popup.gzip)} gzip  (target < ${kb(TARGETS.popupGzip)}: ${(popup.gzip / TARGETS.popupGzip).toFixed(2)}× of target)`);
const content = gzipSync(readFileSync(join(OUT, 'content-scripts/content.js'))).length;
console.log(`content script, injected into the portal: ${kb(content)} gzip`);
console.log(`side panel ${panel.files} files  ${kb(panel.raw)} raw  ${kb(panel.gzip)} gzip  (${(panel.gzip / popup.gzip).toFixed(2)}× the popup)`);

const dir = await mkdtemp(join(tmpdir(), 'holdfast-bench-'));
const sampleFile = join(dir, 'bench-sample.json');
await writeFile(sampleFile, JSON.stringify(generateSample({ seed: SEED, orders: ORDERS, validate: false })));
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: false,
  args: ['--headless=new', `--disable-extensions-except=${OUT}`, `--load-extension=${OUT}`, '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const base = `chrome-extension://${new URL(worker.url()).host}`;
  const options = await context.newPage();
  await options.goto(`${base}/options.html`);
  await options.locator('#import-file').setInputFiles(sampleFile);
  await options.getByText(`${ORDERS} added`, { exact: false }).waitFor({ timeout: 300_000 });
  await options.locator('#member').selectOption(MEMBER);
  await options.getByText('Saved.').waitFor();
  await options.close();

  const times: number[] = [];
  const loads: number[] = [];
  let visible = '';
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 720 });
    await page.goto(`${base}/sidepanel.html`);
    await page.locator('.vrow[role="option"]').first().waitFor({ timeout: 120_000 });
    // The side panel marks when its first orders reached the screen; marks count from navigation start.
    times.push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, FIRST_ORDERS_MARK));
    loads.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
    visible = (await page.getByTestId('order-count').textContent()) ?? '';
    await page.close();
  }
  const ms = median(times);
  console.log(`side panel first render, ${ORDERS} orders in the sample (${visible} for ${MEMBER}), median of ${RUNS}: ${ms.toFixed(0)} ms (target < ${TARGETS.firstRenderMs} ms: ${(ms / TARGETS.firstRenderMs).toFixed(2)}× of target)`);
  console.log(`  of which loading the page and its scripts (DOMContentLoaded): median ${median(loads).toFixed(0)} ms`);
  console.log(`  runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms; seed ${SEED}`);
} finally {
  await context.close();
  await rm(dir, { recursive: true, force: true });
}
