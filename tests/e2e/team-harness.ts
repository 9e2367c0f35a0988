// Two Chromium profiles of the sample team syncing through a real relay process: what the team
// sync tests share.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemoTeam } from '../../sync-server/src/directory/seed-demo-team.ts';
import { startRelay, type RelayProcess } from '../relay/support/relay-process.ts';
import { ARTIFACTS, importSample, openProfile, type Profile } from './extension-harness.ts';

export const ALEX = 'keystone-integrators:alex'; // Holding Account Administrator
export const TOMAS = 'keystone-integrators:tomas'; // Virtual Account User of Enterprise
/** Generous: the condition is waited for, never timed; a loaded machine may be slow. */
export const SYNC_WAIT = { timeout: 45_000 };

/** Turns sync on in the options page with a token the relay minted for `memberId`, and waits until synced. */
export async function turnSyncOn(profile: Profile, relay: RelayProcess, memberId: string): Promise<void> {
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

/** Opens the side panel (360 px wide) on one order's detail. */
export async function openOrder(profile: Profile, salesOrderNumber: string): Promise<Page> {
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

/** The `index`th step of the reassignment checklist in an order's detail. */
export const step = (panel: Page, index: number) => panel.locator('.checklist li').nth(index);

/** A relay with the sample team, and two fresh profiles: Alex imported the sample, both synced. */
export interface Team {
  relay: RelayProcess;
  alex: Profile;
  tomas: Profile;
}

/** Opens two profiles; when one fails to open, the other is closed (no browser outlives the test). */
async function openTwoProfiles(): Promise<[Profile, Profile]> {
  const [first, second] = await Promise.allSettled([openProfile(), openProfile()]);
  if (first.status === 'fulfilled' && second.status === 'fulfilled') return [first.value, second.value];
  for (const opened of [first, second]) if (opened.status === 'fulfilled') await opened.value.close();
  throw first.status === 'rejected' ? first.reason : (second as PromiseRejectedResult).reason;
}

/**
 * Starts a team; `onStarted` receives it before any step that may fail, so the test can close it.
 * Before that, what failed to start is stopped here (a relay process left running would outlive the run).
 */
export async function startTeam(onStarted: (team: Team) => void): Promise<Team> {
  const relay = await startRelay();
  let alex: Profile, tomas: Profile;
  try {
    await seedDemoTeam(relay.directory);
    [alex, tomas] = await openTwoProfiles();
  } catch (error) {
    relay.dispose();
    throw error;
  }
  const team = { relay, alex, tomas };
  onStarted(team);
  await importSample(alex);
  await turnSyncOn(alex, relay, ALEX);
  await turnSyncOn(tomas, relay, TOMAS);
  return team;
}

/** Closes both profiles and stops the relay. */
export async function closeTeam(team: Team | undefined): Promise<void> {
  await team?.alex.close();
  await team?.tomas.close();
  team?.relay.dispose();
}
