// Two Chromium profiles with the built extension, syncing through a real relay process.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { orderState, reassignmentOptions } from '@holdfast/core';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTeam } from '../../sync-server/src/directory/seed-demo-team.ts';
import { startRelay, type RelayProcess } from '../relay/support/relay-process.ts';
import { ARTIFACTS, importSample, openProfile, sample, type Profile } from './extension-harness.ts';

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

async function turnSyncOn(profile: Profile, relay: RelayProcess, memberId: string): Promise<void> {
  const options = await profile.context.newPage();
  await options.goto(profile.page('options.html'));
  await options.locator('#relayUrl').fill(relay.url);
  await options.locator('#relayToken').fill(await relay.token(memberId));
  await options.getByRole('button', { name: 'Turn sync on' }).click();
  await options
    .getByTestId('sync-message')
    // Said in words: "alex (keystone-integrators)" for keystone-integrators:alex.
    .filter({ hasText: `Sync is on. You are ${memberId.split(':')[1]} (${memberId.split(':')[0]})` })
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
  const row = panel.getByRole('option').filter({ hasText: salesOrderNumber });
  await row.waitFor(SYNC_WAIT);
  await row.click();
  await panel.getByRole('heading', { name: `Order ${salesOrderNumber}` }).waitFor();
  return panel;
}

const step = (panel: Page, index: number) => panel.locator('.checklist li').nth(index);

/** A relay with the sample team, and two fresh profiles: Alex imported the sample, both synced. */
interface Team {
  relay: RelayProcess;
  alex: Profile;
  tomas: Profile;
}

async function startTeam(): Promise<Team> {
  const relay = await startRelay();
  await seedDemoTeam(relay.directory);
  const [alex, tomas] = await Promise.all([openProfile(), openProfile()]);
  const team = { relay, alex, tomas };
  running = team;
  await importSample(alex);
  await turnSyncOn(alex, relay, ALEX);
  await turnSyncOn(tomas, relay, TOMAS);
  return team;
}

/** The team of the running test; each test starts its own. */
let running: Team | undefined;

describe('team sync between two browser profiles through the relay', () => {
  const order = enterpriseOrders[0]!;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterEach(async () => {
    const team = running;
    running = undefined;
    await team?.alex.close();
    await team?.tomas.close();
    team?.relay.dispose();
  });

  it('orders one member imported reach a member who imported nothing, scoped to their Virtual Account', async () => {
    const { tomas } = await startTeam();
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
  });

  it('shows who else looks at the order, and a tick and a note in one profile appear in the other', async () => {
    const { alex, tomas } = await startTeam();
    const alexPanel = await openOrder(alex, order);
    const tomasPanel = await openOrder(tomas, order);
    await tomasPanel
      .getByTestId('presence')
      .filter({ hasText: 'Also looking at this order: Alex Keystone' })
      .waitFor(SYNC_WAIT);
    await alexPanel.getByTestId('presence').filter({ hasText: 'Tomas Keystone' }).waitFor(SYNC_WAIT);

    await step(alexPanel, 0).locator('input[type="checkbox"]').click();
    await step(tomasPanel, 0).getByText('Ticked by Alex Keystone').waitFor(SYNC_WAIT);
    expect(await step(tomasPanel, 0).locator('input[type="checkbox"]').isChecked()).toBe(true);
    await alexPanel.getByLabel('Add a note for the team').fill('Asked the customer for their Smart Account.');
    await alexPanel.getByRole('button', { name: 'Add note' }).click();
    await tomasPanel
      .locator('.history li')
      .filter({ hasText: 'Asked the customer for their Smart Account.' })
      .waitFor(SYNC_WAIT);
    await tomasPanel.screenshot({ path: join(ARTIFACTS, 'side-panel-presence.png') });
  });

  it('edits made while the relay is down reach the other profile after it comes back', async () => {
    const team = await startTeam();
    const { alex, tomas } = team;
    const alexPanel = await openOrder(alex, order);
    await team.relay.stop();
    await alexPanel.getByTestId('sync-status').filter({ hasText: 'Offline' }).waitFor(SYNC_WAIT);
    await step(alexPanel, 1).locator('input[type="checkbox"]').click();
    await step(alexPanel, 1).getByText('Ticked by Alex Keystone').waitFor();
    await alexPanel.screenshot({ path: join(ARTIFACTS, 'side-panel-offline.png') });

    team.relay = await team.relay.restart();
    const tomasPanel = await openOrder(tomas, order);
    await step(tomasPanel, 1).getByText('Ticked by Alex Keystone').waitFor(SYNC_WAIT);
    await alexPanel.getByTestId('sync-status').filter({ hasText: 'Synced with your team' }).waitFor(SYNC_WAIT);
  });

  it('a reassignment recorded in one profile shows underway in the other, and its delivery takes the order out of holding there', async () => {
    const { alex, tomas } = await startTeam();
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
    await alexPanel.getByRole('button', { name: 'Yes, mark delivered' }).click();
    // Tomas's detail closes: the order now sits in the customer's account, outside his Virtual Account.
    await tomasPanel
      .getByTestId('order-count')
      .filter({ hasText: `0 of ${enterpriseOrders.length - 1} orders` })
      .waitFor(SYNC_WAIT);
  });

  it("a role revoked on the relay removes that Virtual Account's orders from the member's browser", async () => {
    const { relay, tomas } = await startTeam();
    const panel = await tomas.context.newPage();
    await panel.goto(tomas.page('sidepanel.html'));
    await panel
      .getByTestId('order-count')
      .filter({ hasText: `${enterpriseOrders.length} of ${enterpriseOrders.length} orders` })
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
  });
});
