// Two Chromium profiles with the built extension, syncing through a real relay process.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { orderState, reassignmentOptions } from '@holdfast/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, closedShadow, sample, SAMPLE_PATH, serveDemoPortal } from './extension-harness.ts';
import { closeTeam, openOrder, startTeam as startTeamOf, step, SYNC_WAIT, TOMAS, type Team } from './team-harness.ts';

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

/** The team of the running test; each test starts its own. */
let running: Team | undefined;
const startTeam = () => startTeamOf((team) => (running = team));

/**
 * Each test starts a relay process and two Chromium profiles, then waits for a few conditions, each
 * bounded by SYNC_WAIT. Beside a CPU-bound process at load 20-30 on two cores, starting the team
 * took 25 s (the relay's start through tsx 10 s, two profiles 4 s, the import and two sign-ins
 * 10 s) and restarting the relay 6 s, where the syncing itself took 2 s: the default 60 s limit cut
 * a passing test off before any of its waits could say which condition was missing. This limit
 * sits above the waits, so a condition that never comes fails its own wait, which names it.
 */
const TEAM_TEST_TIMEOUT = 180_000;

describe('team sync between two browser profiles through the relay', { timeout: TEAM_TEST_TIMEOUT }, () => {
  const order = enterpriseOrders[0]!;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterEach(async () => {
    const team = running;
    running = undefined;
    await closeTeam(team);
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

  it('an import with sync on goes through the background and the options page shows its progress meanwhile', async () => {
    const { tomas } = await startTeam();
    const options = await tomas.context.newPage();
    await options.goto(tomas.page('options.html'));
    await options.getByTestId('sync-status').filter({ hasText: 'Synced with your team' }).waitFor(SYNC_WAIT);
    // Every text the progress line shows is kept: the import may be over before a poll would look.
    await options.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="import-progress"]')?.textContent;
        if (text && !seen.includes(text)) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await options.locator('#import-file').setInputFiles(SAMPLE_PATH);
    // "Shared with your team" is said only of an import the background made into the team's documents.
    await options.getByTestId('import-result').filter({ hasText: 'Shared with your team' }).waitFor(SYNC_WAIT);
    const seen = await options.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.some((text) => /Saving orders: \d+ of \d+/.test(text))).toBe(true);
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

  it('reconnects soon after the relay returns on the same port and data, and a tick made elsewhere then arrives', async () => {
    const team = await startTeam();
    const { alex, tomas } = team;
    const alexPanel = await openOrder(alex, order);
    const tomasPanel = await openOrder(tomas, order);
    await team.relay.stop();
    const status = alexPanel.getByTestId('sync-status');
    // Offline, since when it was last in sync, and a way to retry rather than wait.
    await status.filter({ hasText: 'Offline' }).filter({ hasText: 'Last synced' }).waitFor(SYNC_WAIT);
    await status.getByRole('button', { name: 'Retry now' }).click();
    await status.filter({ hasText: 'Offline' }).waitFor(SYNC_WAIT);
    await alexPanel.screenshot({ path: join(ARTIFACTS, 'side-panel-offline-retry.png') });

    team.relay = await team.relay.restart();
    // Measured from the relay's ready file (the port is listening) to the panel saying so; the
    // issue's goal is 2 s (backoff capped at 1.5 s plus the handshake). Waited for, not asserted.
    const back = performance.now();
    await status.filter({ hasText: 'Synced with your team' }).waitFor(SYNC_WAIT);
    const reconnectMs = performance.now() - back;
    await tomasPanel.getByTestId('sync-status').filter({ hasText: 'Synced with your team' }).waitFor(SYNC_WAIT);
    console.log(`side panel back in sync ${reconnectMs.toFixed(0)} ms after the relay was ready again`);

    await step(tomasPanel, 2).locator('input[type="checkbox"]').click();
    await step(alexPanel, 2).getByText('Ticked by Tomas Keystone').waitFor(SYNC_WAIT);
    expect(await step(alexPanel, 2).locator('input[type="checkbox"]').isChecked()).toBe(true);
  });

  it('a new order tracked from the portal page reaches the other profile through the relay', async () => {
    const { alex, tomas } = await startTeam();
    const portal = await serveDemoPortal();
    try {
      const demo = await alex.context.newPage();
      await demo.goto(portal.url);
      await demo.locator('#salesOrderNumber').fill('104999997');
      let button: Awaited<ReturnType<typeof closedShadow>> = null;
      await expect
        .poll(async () => (button = await closedShadow(demo, 'holdfast-banner-host', '.track')))
        .not.toBeNull();
      await demo.mouse.click(button!.x, button!.y);
      await expect
        .poll(async () => (await closedShadow(demo, 'holdfast-banner-host', '.outcome'))?.text ?? '')
        .toContain('Holdfast now tracks order 104999997');
      // Tomas's Virtual Account (Enterprise) is the one the form chose.
      const tomasPanel = await openOrder(tomas, '104999997');
      await tomasPanel.getByText('PO-KI-2026-0419').first().waitFor(SYNC_WAIT);
    } finally {
      await portal.close();
    }
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
