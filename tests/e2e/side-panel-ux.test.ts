import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, buildExtension, launchWithExtension, ROOT } from './extension-harness.ts';

const CSV_PATH = join(ROOT, 'core/sample/portal-export-sample.csv');

/**
 * The side panel as a sales rep meets it, in a fresh profile of its own: a portal export is all
 * they have (issue 16).
 */
describe('the side panel a sales rep keeps open, from a portal export alone', () => {
  let context: BrowserContext;
  let extensionId: string;
  let closeBrowser: () => Promise<void>;
  const url = (path: string): string => `chrome-extension://${extensionId}/${path}`;

  const openPanel = async (): Promise<Page> => {
    const panel = await context.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(url('sidepanel.html'));
    return panel;
  };

  beforeAll(async () => {
    await buildExtension();
    await mkdir(ARTIFACTS, { recursive: true });
    ({ context, extensionId, close: closeBrowser } = await launchWithExtension());
  });
  afterAll(async () => {
    await closeBrowser?.();
  });

  it('goes from importing the CSV to a populated panel: import, name my holding account, open the panel', async () => {
    const empty = await openPanel();
    await empty.getByTestId('first-run').getByText('No orders yet').waitFor();
    await empty.close();

    const options = await context.newPage();
    await options.goto(url('options.html'));
    const headings = await options.locator('h2').allTextContents();
    expect(headings.slice(0, 3)).toEqual(['1. Import your orders', '2. Who I am', '3. Open the side panel']);
    await options.locator('#import-file').setInputFiles(CSV_PATH);
    await expect.poll(() => options.getByTestId('import-result').textContent()).toMatch(/\d+ added/);

    // The panel now asks who I am, never to import again.
    const asking = await openPanel();
    await asking.getByTestId('first-run').getByText('Your orders are imported').waitFor();

    await options
      .locator('#holding-account')
      .selectOption({ label: 'Keystone Integrators Holding (Keystone Integrators)' });
    await options.getByRole('button', { name: 'Use this holding account' }).click();
    await options
      .getByTestId('chosen-roles')
      .getByText('Holding Account Administrator on Keystone Integrators Holding')
      .waitFor();
    expect(await options.getByRole('button', { name: 'Open the side panel' }).isEnabled()).toBe(true);
    await options.close();

    // The panel that asked follows the choice without a reload.
    await asking
      .getByTestId('order-count')
      .filter({ hasText: /^[1-9]\d* of \d+ orders$/ })
      .waitFor();
    expect(await asking.locator('.vrow[role="option"]').count()).toBeGreaterThan(0);
    await asking.screenshot({ path: join(ARTIFACTS, 'csv-first-run-panel.png') });
    await asking.close();
  });
});
