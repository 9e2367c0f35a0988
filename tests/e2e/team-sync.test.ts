// Two Chromium profiles with the built extension, syncing through a real relay process.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { orderState, reassignmentOptions, type HoldfastSnapshot } from '@holdfast/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTeam } from '../../sync-server/src/directory/seed-demo-team.ts';
import { startRelay, type RelayProcess } from '../relay/support/relay-process.ts';
import { ARTIFACTS, buildExtension, launchWithExtension, ROOT } from './extension-harness.ts';

const SAMPLE_PATH = join(ROOT, 'core/sample/holdfast-sample.json');
const sample = JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')) as HoldfastSnapshot;
const ENTERPRISE = 'sa-keystone-integrators-holding/enterprise';
const enterpriseOrders = sample.orders
  .filter((o) => orderState(o).holder?.virtualAccountId === ENTERPRISE)
  .map((o) => o.salesOrderNumber);
/** Another order of Enterprise, in holding, whose customer's Smart Account the sample knows. */
const toDeliver = sample.orders.find(
  (o) =>
    o.salesOrderNumber !== enterpriseOrders[0] &&
    orderState(o).status === 'in-holding' &&
    orderState(o).holder?.virtualAccountId === ENTERPRISE &&
    reassignmentOptions(o, sample).customerKnown,
)!;
const ALEX = 'keystone-integrators:alex'; // Holding Account Administrator
const TOMAS = 'keystone-integrators:tomas'; // Virtual Account User of Enterprise
const SYNC_WAIT = { timeout: 45_000 };

interface Profile {
  context: BrowserContext;
  page(path: string): string;
  close(): Promise<void>;
}

async function openProfile(): Promise<Profile> {
  const { context, extensionId, close } = await launchWithExtension();
  return { context, close, page: (path) => `chrome-extension://${extensionId}/${path}` };
}

async function turnSyncOn(profile: Profile, relay: RelayProcess, memberId: string): Promise<void> {
  const options = await profile.context.newPage();
  await options.goto(profile.page('options.html'));
  await options.locator('#relayUrl').fill(relay.url);
  await options.locator('#relayToken').fill(await relay.token(memberId));
  await options.getByRole('button', { name: 'Turn sync on' }).click();
  await options
    .getByTestId('sync-message')
    .filter({ hasText: `Sync is on. You are ${memberId}` })
    .waitFor();
  await options.getByTestId('sync-status').filter({ hasText: 'Synced with your team' }).waitFor(SYNC_WAIT);
  expect(await options.locator('#member').isDisabled()).toBe(true);
  await options.screenshot({ path: join(ARTIFACTS, `options-sync-on-${memberId.split(':')[1]}.png`), fullPage: true });
  await options.close();
}

async function openOrder(profile: Profile, salesOrderNumber: string): Promise<Page> {
  const panel = await profile.context.newPage();
  await panel.setViewportSize({ width: 360, height: 720 });
  await panel.goto(profile.page('sidepanel.html'));
  await panel.locator('#f-text').fill(salesOrderNumber);
  await panel.getByRole('option').filter({ hasText: salesOrderNumber }).click();
  await panel.getByRole('heading', { name: `Order ${salesOrderNumber}` }).waitFor();
  return panel;
}

const step = (panel: Page, index: number) => panel.locator('.checklist li').nth(index);

describe('team sync between two browser profiles through the relay', () => {
  let relay: RelayProcess;
  let alex: Profile;
  let tomas: Profile;
  const order = enterpriseOrders[0]!;
  /** Enterprise's orders Tomas sees: one fewer once one is delivered to its customer. */
  let tomasSees = enterpriseOrders.length;

  beforeAll(async () => {
    await buildExtension();
    await mkdir(ARTIFACTS, { recursive: true });
    relay = await startRelay();
    seedDemoTeam(relay.directory);
    [alex, tomas] = await Promise.all([openProfile(), openProfile()]);
  });
  afterAll(async () => {
    await alex?.close();
    await tomas?.close();
    relay?.dispose();
  });

  it('orders one member imported reach a member who imported nothing, scoped to their Virtual Account', async () => {
    const options = await alex.context.newPage();
    await options.goto(alex.page('options.html'));
    await options.locator('#import-file').setInputFiles(SAMPLE_PATH);
    await expect
      .poll(() => options.getByTestId('import-result').textContent())
      .toContain(`${sample.orders.length} added`);
    await options.close();
    await turnSyncOn(alex, relay, ALEX);
    await turnSyncOn(tomas, relay, TOMAS);

    const panel = await tomas.context.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(tomas.page('sidepanel.html'));
    await panel
      .getByTestId('order-count')
      .filter({ hasText: `${enterpriseOrders.length} of ${enterpriseOrders.length} orders` })
      .waitFor(SYNC_WAIT);
    await panel
      .getByTestId('sync-status')
      .filter({ hasText: 'Synced with your team. Signed in as Tomas Keystone.' })
      .waitFor();
    expect((await panel.locator('#f-va option').allTextContents()).slice(1)).toEqual([
      expect.stringContaining('Enterprise'),
    ]);
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-synced.png') });
    await panel.close();
  });

  it('shows who else looks at the order, and a tick and a note in one profile appear in the other', async () => {
    const alexPanel = await openOrder(alex, order);
    const tomasPanel = await openOrder(tomas, order);
    await tomasPanel
      .getByTestId('presence')
      .filter({ hasText: 'Also looking at this order: Alex Keystone' })
      .waitFor(SYNC_WAIT);
    await alexPanel.getByTestId('presence').filter({ hasText: 'Tomas Keystone' }).waitFor(SYNC_WAIT);

    await step(alexPanel, 0).locator('input[type="checkbox"]').check();
    await step(tomasPanel, 0).getByText('Ticked by Alex Keystone').waitFor(SYNC_WAIT);
    expect(await step(tomasPanel, 0).locator('input[type="checkbox"]').isChecked()).toBe(true);
    await alexPanel.getByLabel('Add a note for the team').fill('Asked the customer for their Smart Account.');
    await alexPanel.getByRole('button', { name: 'Add note' }).click();
    await tomasPanel
      .locator('.history li')
      .filter({ hasText: 'Asked the customer for their Smart Account.' })
      .waitFor(SYNC_WAIT);
    await tomasPanel.screenshot({ path: join(ARTIFACTS, 'side-panel-presence.png') });
    await alexPanel.close();
    await tomasPanel.close();
  });

  it('edits made while the relay is down reach the other profile after it comes back', async () => {
    const alexPanel = await openOrder(alex, order);
    await relay.stop();
    await alexPanel.getByTestId('sync-status').filter({ hasText: 'Offline' }).waitFor(SYNC_WAIT);
    await step(alexPanel, 1).locator('input[type="checkbox"]').check();
    await step(alexPanel, 1).getByText('Ticked by Alex Keystone').waitFor();
    await alexPanel.screenshot({ path: join(ARTIFACTS, 'side-panel-offline.png') });

    relay = await relay.restart();
    const tomasPanel = await openOrder(tomas, order);
    await step(tomasPanel, 1).getByText('Ticked by Alex Keystone').waitFor(SYNC_WAIT);
    await alexPanel.getByTestId('sync-status').filter({ hasText: 'Synced with your team' }).waitFor(SYNC_WAIT);
    await alexPanel.close();
    await tomasPanel.close();
  });

  it('a reassignment recorded in one profile shows underway in the other, and its delivery takes the order out of holding there', async () => {
    const number = toDeliver.salesOrderNumber;
    const alexPanel = await openOrder(alex, number);
    const tomasPanel = await openOrder(tomas, number);
    await alexPanel.getByRole('button', { name: 'Record reassignment started' }).click();
    await tomasPanel
      .getByTestId('reassignment-underway')
      .filter({ hasText: 'started' })
      .filter({ hasText: 'by Alex Keystone' })
      .waitFor(SYNC_WAIT);
    await alexPanel.getByRole('button', { name: 'Mark delivered to the customer' }).click();
    tomasSees -= 1;
    // Tomas's detail closes: the order now sits in the customer's account, outside his Virtual Account.
    await tomasPanel
      .getByTestId('order-count')
      .filter({ hasText: `0 of ${tomasSees} orders` })
      .waitFor(SYNC_WAIT);
    await alexPanel.close();
    await tomasPanel.close();
  });

  it("a role revoked on the relay removes that Virtual Account's orders from the member's browser", async () => {
    const panel = await tomas.context.newPage();
    await panel.goto(tomas.page('sidepanel.html'));
    await panel
      .getByTestId('order-count')
      .filter({ hasText: `${tomasSees} of ${tomasSees} orders` })
      .waitFor(SYNC_WAIT);
    const grant = sample.roleGrants.find((g) => g.memberId === TOMAS)!;
    relay.directory.revoke(grant.id);
    await panel.getByTestId('order-count').filter({ hasText: '0 of 0 orders' }).waitFor(SYNC_WAIT);
    await panel
      .getByTestId('sync-status')
      .filter({ hasText: 'The orders of a Virtual Account were removed from this computer' })
      .waitFor(SYNC_WAIT);
    await panel.getByTestId('no-orders').waitFor();
    await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-revoked.png') });
    await panel.close();
  });
});
