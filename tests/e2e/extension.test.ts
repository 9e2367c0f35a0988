import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { orderState, reassignmentOptions, type HoldfastSnapshot } from '@holdfast/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SCREEN_KEY, type FirstScreen } from '../../extension/src/data/first-screen.ts';
import {
  ARTIFACTS,
  buildExtension,
  EXTENSION_DIR,
  launchWithExtension,
  ROOT,
  serveDemoPortal,
} from './extension-harness.ts';

/** What the test reaches in the extension's service worker. */
type SessionScope = { chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } };

const SAMPLE_PATH = join(ROOT, 'core/sample/holdfast-sample.json');
const sample = JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')) as HoldfastSnapshot;
const ENTERPRISE = 'sa-keystone-integrators-holding/enterprise';
const ENTERPRISE_LABEL = `Keystone Integrators Holding / ${sample.virtualAccounts.find((va) => va.id === ENTERPRISE)!.name}`;
const heldIn = (virtualAccountId: string) =>
  sample.orders.filter((o) => orderState(o).holder?.virtualAccountId === virtualAccountId).length;
/** An order in holding in the Enterprise VA whose customer's Smart Account the sample knows. */
const forKnownCustomer = sample.orders.find((o) => {
  const state = orderState(o);
  return (
    state.status === 'in-holding' &&
    state.holder?.virtualAccountId === ENTERPRISE &&
    reassignmentOptions(o, sample).customerKnown
  );
})!;

describe('the Holdfast extension in Chromium', () => {
  let context: BrowserContext;
  let extensionId: string;
  let closeBrowser: () => Promise<void>;
  let portal: Awaited<ReturnType<typeof serveDemoPortal>>;
  const page = (path: string): string => `chrome-extension://${extensionId}/${path}`;

  const chooseMember = async (memberId: string) => {
    const options = await context.newPage();
    await options.goto(page('options.html'));
    await options.locator('#member').selectOption(memberId);
    await options.getByText('Saved.').waitFor();
    await options.close();
  };
  const openSidePanel = async (): Promise<Page> => {
    const panel = await context.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(page('sidepanel.html'));
    await panel
      .getByTestId('order-count')
      .filter({ hasText: / of \d+ orders/ })
      .waitFor();
    return panel;
  };

  beforeAll(async () => {
    await buildExtension();
    await mkdir(ARTIFACTS, { recursive: true });
    portal = await serveDemoPortal();
    ({ context, extensionId, close: closeBrowser } = await launchWithExtension());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await portal?.close();
  });

  it('imports the sample through the options page and offers its members', async () => {
    const options = await context.newPage();
    await options.goto(page('options.html'));
    await options.locator('#import-file').setInputFiles(SAMPLE_PATH);
    await expect
      .poll(() => options.getByTestId('import-result').textContent())
      .toContain(`${sample.orders.length} added`);
    await options.locator('#member option[value="keystone-integrators:alex"]').waitFor({ state: 'attached' });
    await options.locator('#member').selectOption('keystone-integrators:alex');
    await options.getByText('Saved.').waitFor();
    await options.screenshot({ path: join(ARTIFACTS, 'options.png'), fullPage: true });
    await options.close();
  });

  it('imports nothing from a CSV with a bad row and lists the row, column and problem', async () => {
    const lines = readFileSync(join(ROOT, 'core/sample/portal-export-sample.csv'), 'utf8').split('\n');
    lines[1] = lines[1]!.replace('2026-09-08T08:00:00.000Z', 'last tuesday');
    const options = await context.newPage();
    await options.goto(page('options.html'));
    await options
      .locator('#import-file')
      .setInputFiles({ name: 'broken-export.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    const report = options.getByTestId('import-result');
    await report.getByText('Nothing was imported').waitFor();
    const firstError = await report.locator('tbody tr').first().locator('td').allTextContents();
    expect(firstError.slice(0, 2)).toEqual(['2', 'Order Date']);
    await options.close();
  });

  it('shows a Holding Account Administrator the orders of their holding account, needs-action first', async () => {
    const panel = await openSidePanel();
    const vaOptions = await panel.locator('#f-va option').allTextContents();
    expect(
      vaOptions
        .slice(1)
        .every((name) => name.startsWith('Keystone Integrators Holding') || name === 'On Smart Account hold'),
    ).toBe(true);
    expect(vaOptions).toContain(ENTERPRISE_LABEL);
    await expect.poll(() => panel.locator('.group-heading').first().textContent()).toContain('Needs action');
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel.png') });

    await panel.locator('.vrow[role="option"]').first().click();
    await panel.getByRole('heading', { name: 'Reassignment checklist' }).waitFor();
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-detail.png'), fullPage: true });
    await panel.close();
  });

  it('shows the popup counts and the most urgent orders', async () => {
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 340, height: 480 });
    await popup.goto(page('popup.html'));
    await popup.getByTestId('count-holding').waitFor();
    expect(Number(await popup.getByTestId('count-holding').textContent())).toBeGreaterThan(0);
    await popup.screenshot({ path: join(ARTIFACTS, 'popup.png') });
    await popup.close();
  });

  it('shows one dismissible banner on the demo portal when the order is set to the holding account', async () => {
    const demo = await context.newPage();
    await demo.goto(portal.url);
    const banner = demo.locator('#holdfast-banner-host .banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Bluth Construction');
    expect(await demo.locator('#holdfast-banner-host').count()).toBe(1);
    await demo.screenshot({ path: join(ARTIFACTS, 'portal-banner.png') });

    await demo.getByRole('button', { name: 'Dismiss Holdfast notice' }).click();
    await demo.locator('#holdfast-banner-host').waitFor({ state: 'detached' });
    await demo.close();
  });

  it('opens a real side panel from the popup button', async () => {
    const popup = await context.newPage();
    await popup.goto(page('popup.html'));
    await popup.getByRole('button', { name: /side panel/i }).click();
    const worker = context.serviceWorkers()[0]!;
    // Runs in the service worker, where `chrome.runtime.getContexts` lists the open side panels.
    type Runtime = { runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> } };
    const sidePanels = () =>
      worker.evaluate(
        async () =>
          (
            await (globalThis as unknown as { chrome: Runtime }).chrome.runtime.getContexts({
              contextTypes: ['SIDE_PANEL'],
            })
          ).length,
      );
    await expect.poll(sidePanels).toBe(1);
    // Closed again (disabling a side panel closes it), so later tests see only the pages they open.
    type SidePanel = { sidePanel: { setOptions(options: { enabled: boolean }): Promise<void> } };
    await worker.evaluate(async () => {
      const { sidePanel } = (globalThis as unknown as { chrome: SidePanel }).chrome;
      await sidePanel.setOptions({ enabled: false });
      await sidePanel.setOptions({ enabled: true });
    });
    await expect.poll(sidePanels).toBe(0);
    await popup.close();
  });

  it('names the customer’s Smart Account in the side panel when the portal page has the holding account chosen', async () => {
    const demo = await context.newPage();
    await demo.goto(portal.url);
    await demo.locator('#holdfast-banner-host .banner').waitFor();
    const panel = await openSidePanel();
    const card = panel.getByTestId('portal-card');
    await card.filter({ hasText: 'the customer’s own Smart Account is known: Bluth Construction' }).waitFor();
    expect(await card.textContent()).toContain('Use a Partner Holding Account only when necessary.');
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-portal-advice.png') });
    await card.getByRole('button', { name: 'Show order' }).click();
    await panel.getByRole('heading', { name: 'Order 104000074' }).waitFor();
    await panel.close();
    await demo.close();
  });

  it('follows a tick made in another page without a reload', async () => {
    const watcher = await openSidePanel();
    const editor = await openSidePanel();
    for (const panel of [watcher, editor]) {
      await panel.locator('.vrow[role="option"]').first().click();
      await panel.getByRole('heading', { name: 'Reassignment checklist' }).waitFor();
    }
    const last = (panel: Page) => panel.locator('.checklist li').last();
    await last(editor).locator('input[type="checkbox"]').check();
    await last(watcher).getByText('Ticked by').waitFor();
    expect(await last(watcher).locator('input[type="checkbox"]').isChecked()).toBe(true);
    await last(editor).locator('input[type="checkbox"]').uncheck();
    await last(watcher).getByText('Unticked by').waitFor();
    await watcher.close();
    await editor.close();
  });

  it('asks for no more than the portal, this machine, and a relay origin only when sync is turned on', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.permissions).toEqual(['sidePanel', 'storage', 'alarms', 'notifications']);
    expect(manifest.host_permissions).toEqual([
      'https://apps.cisco.com/ccw/*',
      'http://127.0.0.1/*',
      'http://localhost/*',
      'ws://127.0.0.1/*',
      'ws://localhost/*',
    ]);
    expect(manifest.optional_host_permissions).toEqual(['ws://*/*', 'wss://*/*']);
  });

  it('also builds for Firefox, with the side panel as its sidebar and the same least privilege', async () => {
    await buildExtension('firefox');
    const manifest = JSON.parse(
      readFileSync(join(ROOT, 'extension/.output/firefox-mv2/manifest.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest.sidebar_action).toEqual({ default_panel: 'sidepanel.html', default_title: 'Holdfast' });
    expect(manifest.permissions).toEqual([
      'storage',
      'alarms',
      'notifications',
      'https://apps.cisco.com/ccw/*',
      'http://127.0.0.1/*',
      'http://localhost/*',
      'ws://127.0.0.1/*',
      'ws://localhost/*',
    ]);
    expect(manifest.optional_permissions).toEqual(['ws://*/*', 'wss://*/*']);
  });

  it('shows a Virtual Account User only the orders of their Virtual Account', async () => {
    await chooseMember('keystone-integrators:tomas');
    const panel = await openSidePanel();
    expect((await panel.locator('#f-va option').allTextContents()).slice(1)).toEqual([ENTERPRISE_LABEL]);
    expect(await panel.getByTestId('order-count').textContent()).toBe(
      `${heldIn(ENTERPRISE)} of ${heldIn(ENTERPRISE)} orders`,
    );
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-dark.png') });
    await panel.close();
  });

  it('lets a Virtual Account User tick and untick a checklist step, reached from the keyboard, and shows who did it', async () => {
    const panel = await openSidePanel();
    await panel.getByRole('listbox', { name: 'Orders' }).focus();
    await panel.keyboard.press('Enter');
    const first = panel.locator('.checklist input[type="checkbox"]').first();
    await first.check();
    await panel.getByText(/Ticked by Tomas Keystone/).waitFor();
    await first.uncheck();
    await panel.getByText(/Unticked by Tomas Keystone/).waitFor();
    await panel.close();
  });

  it('lets a Virtual Account User mark an order reviewed and leave a note, both in its history', async () => {
    const panel = await openSidePanel();
    await panel.locator('.vrow[role="option"]').first().click();
    await panel.getByRole('button', { name: 'Mark reviewed' }).click();
    await panel
      .locator('.history li')
      .filter({ hasText: /Reviewed · .* · Tomas Keystone/ })
      .waitFor();
    await panel.getByLabel('Add a note for the team').fill('Customer is creating their Smart Account; check Friday.');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel
      .locator('.history li')
      .filter({ hasText: 'Customer is creating their Smart Account; check Friday.' })
      .waitFor();
    expect(await panel.getByLabel('Add a note for the team').inputValue()).toBe('');
    expect(await panel.getByRole('alert').count()).toBe(0);
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-follow-up.png'), fullPage: true });
    await panel.close();
  });

  it("lets a Virtual Account User record a reassignment to the customer's account and its delivery, after which the order leaves their list", async () => {
    const number = forKnownCustomer.salesOrderNumber;
    const [target] = reassignmentOptions(forKnownCustomer, sample).targets;
    const panel = await openSidePanel();
    const before = heldIn(ENTERPRISE);
    await panel.getByLabel('Search orders').fill(number);
    await panel.locator('.vrow[role="option"]').filter({ hasText: number }).click();
    expect(await panel.getByLabel('Reassign to').locator('option:checked').textContent()).toBe(target!.label);
    await panel.getByRole('button', { name: 'Record reassignment started' }).click();
    await panel
      .getByTestId('reassignment-underway')
      .filter({ hasText: `To ${target!.label} in the ordering portal` })
      .waitFor();
    await panel
      .locator('.history li')
      .filter({ hasText: /Reassignment started · .* · Tomas Keystone/ })
      .waitFor();
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-reassignment.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Mark delivered to the customer' }).click();
    await panel.getByRole('button', { name: 'Yes, mark delivered' }).click();
    // Delivered to the customer's account, the order is out of the Virtual Account User's reach.
    await panel
      .getByTestId('order-count')
      .filter({ hasText: `0 of ${before - 1} orders` })
      .waitFor();
    expect(await panel.getByRole('status').textContent()).toBe(
      `Order ${number} is recorded as delivered to the customer: it has left holding.`,
    );
    await panel.close();
  });

  it('keeps the first screen current while no side panel is open, so the next one opens with it', async () => {
    // No side panel is open (each test closes its own): only the background can keep it.
    expect(context.pages().filter((p) => p.url().includes('sidepanel.html'))).toEqual([]);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const kept = () =>
      worker.evaluate(
        async (key) =>
          ((await (globalThis as unknown as SessionScope).chrome.storage.session.get(key))[key] ??
            null) as FirstScreen | null,
        FIRST_SCREEN_KEY,
      );
    expect((await kept())?.memberId).toBe('keystone-integrators:tomas');
    await chooseMember('keystone-integrators:alex');
    await expect.poll(async () => (await kept())?.memberId, { timeout: 20_000 }).toBe('keystone-integrators:alex');
    const screen = (await kept())!;
    const panel = await openSidePanel();
    expect(await panel.getByTestId('order-count').textContent()).toBe(`${screen.total} of ${screen.total} orders`);
    const firstShown = await panel.locator('.vrow').nth(1).textContent();
    const firstKept = screen.entries[1]!;
    expect(firstKept.kind === 'order' && firstShown?.startsWith(firstKept.item.salesOrderNumber)).toBe(true);
    await panel.close();
  });
});
