import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { orderState, reassignmentOptions } from '@holdfast/core';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SCREEN_KEY, type FirstScreen } from '../../extension/src/data/first-screen.ts';
import {
  ARTIFACTS,
  chooseMember,
  closedShadow,
  importSample,
  openProfile,
  openSeededProfile,
  ROOT,
  sample,
  serveDemoPortal,
  type Profile,
} from './extension-harness.ts';

/** What the test reaches in the extension's service worker. */
type SessionScope = { chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } };

const ALEX = 'keystone-integrators:alex'; // Holding Account Administrator
const TOMAS = 'keystone-integrators:tomas'; // Virtual Account User of Enterprise
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
const BANNER_HOST = 'holdfast-banner-host';

describe('the Holdfast extension in Chromium', () => {
  let portal: Awaited<ReturnType<typeof serveDemoPortal>>;
  /** The profile the running test opened; each test opens its own and seeds it. */
  let profile: Profile | undefined;
  const open = async (memberId: string | null): Promise<Profile> =>
    (profile = memberId ? await openSeededProfile(memberId) : await openProfile());

  const openSidePanel = async (): Promise<Page> => {
    const panel = await profile!.context.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(profile!.page('sidepanel.html'));
    await panel
      .getByTestId('order-count')
      .filter({ hasText: / of \d+ orders/ })
      .waitFor();
    return panel;
  };
  /** The banner's text once it shows (it sits in a closed shadow root). */
  const bannerOn = async (demo: Page) => {
    let banner: Awaited<ReturnType<typeof closedShadow>> = null;
    await expect.poll(async () => (banner = await closedShadow(demo, BANNER_HOST, '.banner'))).not.toBeNull();
    return banner!;
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    portal = await serveDemoPortal();
  });
  afterEach(async () => {
    await profile?.close();
    profile = undefined;
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('imports the sample through the options page and offers its members', async () => {
    const { context, page } = await open(null);
    await importSample(profile!);
    const options = await context.newPage();
    await options.goto(page('options.html'));
    await options.locator(`#member option[value="${ALEX}"]`).waitFor({ state: 'attached' });
    await options.locator('#member').selectOption(ALEX);
    await options.getByText('Saved.').waitFor();
    await options.screenshot({ path: join(ARTIFACTS, 'options.png'), fullPage: true });
  });

  it('imports nothing from a CSV with a bad row and lists the row, column and problem', async () => {
    const { context, page } = await open(null);
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
  });

  it('shows a Holding Account Administrator the orders of their holding account, needs-action first', async () => {
    await open(ALEX);
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
  });

  it('shows the popup counts and the most urgent orders', async () => {
    const { context, page } = await open(ALEX);
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 340, height: 480 });
    await popup.goto(page('popup.html'));
    await popup.getByTestId('count-holding').waitFor();
    expect(Number(await popup.getByTestId('count-holding').textContent())).toBeGreaterThan(0);
    await popup.screenshot({ path: join(ARTIFACTS, 'popup.png') });
  });

  it('shows one dismissible banner, in a closed shadow root, on the demo portal when the order is set to the holding account', async () => {
    const { context } = await open(ALEX);
    const demo = await context.newPage();
    await demo.goto(portal.url);
    const banner = await bannerOn(demo);
    expect(banner.text).toContain('Bluth Construction');
    expect(await demo.locator(`#${BANNER_HOST}`).count()).toBe(1);
    // The page's own scripts see the host but not the advice inside it.
    expect(await demo.evaluate((id) => document.getElementById(id)?.shadowRoot ?? null, BANNER_HOST)).toBeNull();
    await demo.screenshot({ path: join(ARTIFACTS, 'portal-banner.png') });

    const close = (await closedShadow(demo, BANNER_HOST, 'button[aria-label="Dismiss Holdfast notice"]'))!;
    await demo.mouse.click(close.x, close.y);
    await demo.locator(`#${BANNER_HOST}`).waitFor({ state: 'detached' });
  });

  it('opens a real side panel from the popup button', async () => {
    const { context, page, worker } = await open(ALEX);
    const popup = await context.newPage();
    await popup.goto(page('popup.html'));
    await popup.getByRole('button', { name: /side panel/i }).click();
    const background = await worker();
    // Runs in the service worker, where `chrome.runtime.getContexts` lists the open side panels.
    type Runtime = { runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> } };
    const sidePanels = () =>
      background.evaluate(
        async () =>
          (
            await (globalThis as unknown as { chrome: Runtime }).chrome.runtime.getContexts({
              contextTypes: ['SIDE_PANEL'],
            })
          ).length,
      );
    await expect.poll(sidePanels).toBe(1);
  });

  it('names the customer’s Smart Account in the side panel when the portal page has the holding account chosen', async () => {
    const { context } = await open(ALEX);
    const demo = await context.newPage();
    await demo.goto(portal.url);
    await bannerOn(demo);
    const panel = await openSidePanel();
    const card = panel.getByTestId('portal-card');
    await card.filter({ hasText: 'the customer’s own Smart Account is known: Bluth Construction' }).waitFor();
    expect(await card.textContent()).toContain('Use a Partner Holding Account only when necessary.');
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-portal-advice.png') });
    await card.getByRole('button', { name: 'Show order' }).click();
    await panel.getByRole('heading', { name: 'Order 104000074' }).waitFor();
  });

  it('follows a tick made in another page without a reload', async () => {
    await open(ALEX);
    const watcher = await openSidePanel();
    const editor = await openSidePanel();
    // Both open the same order by its number (the first row may change while a kept screen is replaced).
    const number = forKnownCustomer.salesOrderNumber;
    for (const panel of [watcher, editor]) {
      await panel.getByLabel('Search orders').fill(number);
      await panel.locator('.vrow[role="option"]').filter({ hasText: number }).click();
      await panel.getByRole('heading', { name: `Order ${number}` }).waitFor();
    }
    const last = (panel: Page) => panel.locator('.checklist li').last();
    // A click, then the outcome: the box shows what the store holds once the background saved it.
    await last(editor).locator('input[type="checkbox"]').click();
    await last(editor).getByText('Ticked by').waitFor();
    await last(watcher).getByText('Ticked by').waitFor();
    expect(await last(watcher).locator('input[type="checkbox"]').isChecked()).toBe(true);
    await last(editor).locator('input[type="checkbox"]').click();
    await last(watcher).getByText('Unticked by').waitFor();
    expect(await last(watcher).locator('input[type="checkbox"]').isChecked()).toBe(false);
  });

  it('shows a Virtual Account User only the orders of their Virtual Account', async () => {
    await open(TOMAS);
    const panel = await openSidePanel();
    expect((await panel.locator('#f-va option').allTextContents()).slice(1)).toEqual([ENTERPRISE_LABEL]);
    expect(await panel.getByTestId('order-count').textContent()).toBe(
      `${heldIn(ENTERPRISE)} of ${heldIn(ENTERPRISE)} orders`,
    );
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-dark.png') });
  });

  it('lets a Virtual Account User tick and untick a checklist step, reached from the keyboard, and shows who did it', async () => {
    await open(TOMAS);
    const panel = await openSidePanel();
    await panel.getByRole('listbox', { name: 'Orders' }).focus();
    await panel.keyboard.press('Enter');
    const first = panel.locator('.checklist li').first();
    const box = first.locator('input[type="checkbox"]');
    // A click, then the outcome: the box shows what the store holds once the background saved it.
    await box.click();
    await first.getByText(/Ticked by Tomas Keystone/).waitFor();
    expect(await box.isChecked()).toBe(true);
    await box.click();
    await first.getByText(/Unticked by Tomas Keystone/).waitFor();
    expect(await box.isChecked()).toBe(false);
  });

  it('lets a Virtual Account User mark an order reviewed and leave a note, both in its history', async () => {
    await open(TOMAS);
    const panel = await openSidePanel();
    await panel.locator('.vrow[role="option"]').first().click();
    await panel.getByRole('heading', { name: 'Reassignment checklist' }).waitFor();
    // The order may have been reviewed by Tomas before (the sample's history): one more review shows.
    const reviews = panel.locator('.history li').filter({ hasText: /Reviewed · .* · Tomas Keystone/ });
    const before = await reviews.count();
    await panel.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect.poll(() => reviews.count()).toBe(before + 1);
    await panel.getByLabel('Add a note for the team').fill('Customer is creating their Smart Account; check Friday.');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel
      .locator('.history li')
      .filter({ hasText: 'Customer is creating their Smart Account; check Friday.' })
      .waitFor();
    expect(await panel.getByLabel('Add a note for the team').inputValue()).toBe('');
    expect(await panel.getByRole('alert').count()).toBe(0);
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-follow-up.png'), fullPage: true });
  });

  it("lets a Virtual Account User record a reassignment to the customer's account and its delivery, after which the order leaves their list", async () => {
    await open(TOMAS);
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
  });

  it('keeps the first screen current while no side panel is open, so the next one opens with it', async () => {
    await open(TOMAS);
    const background = await profile!.worker();
    const kept = () =>
      background.evaluate(
        async (key) =>
          ((await (globalThis as unknown as SessionScope).chrome.storage.session.get(key))[key] ??
            null) as FirstScreen | null,
        FIRST_SCREEN_KEY,
      );
    // No side panel was opened in this profile: only the background can keep it.
    await expect.poll(async () => (await kept())?.memberId, { timeout: 20_000 }).toBe(TOMAS);
    await chooseMember(profile!, ALEX);
    await expect.poll(async () => (await kept())?.memberId, { timeout: 20_000 }).toBe(ALEX);
    const screen = (await kept())!;
    const panel = await openSidePanel();
    expect(await panel.getByTestId('order-count').textContent()).toBe(`${screen.total} of ${screen.total} orders`);
    const firstShown = await panel.locator('.vrow').nth(1).textContent();
    const firstKept = screen.entries[1]!;
    expect(firstKept.kind === 'order' && firstShown?.startsWith(firstKept.item.salesOrderNumber)).toBe(true);
  });
});
