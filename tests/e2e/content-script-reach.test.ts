// What a content script — code running beside a page Holdfast does not control — can reach.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closedShadow,
  inContentScriptWorld,
  openSeededProfile,
  serveDemoPortal,
  type Profile,
} from './extension-harness.ts';

const ALEX = 'keystone-integrators:alex';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXlzdG9uZS1pbnRlZ3JhdG9yczphbGV4In0.c2VjcmV0LXNpZ25hdHVyZQ';

describe('a content script on the portal page', () => {
  let portal: Awaited<ReturnType<typeof serveDemoPortal>>;
  let profile: Profile | undefined;

  beforeAll(async () => {
    portal = await serveDemoPortal();
  });
  afterEach(async () => {
    await profile?.close();
    profile = undefined;
  });
  afterAll(async () => {
    await portal?.close();
  });

  /** A profile holding the sample, Alex chosen and a relay token stored (sync stays off), and the demo portal open. */
  const setUp = async () => {
    profile = await openSeededProfile(ALEX, { url: 'wss://relay.keystone.example', token: TOKEN });
    const demo = await profile.context.newPage();
    await demo.goto(portal.url);
    // The banner shows: the content script runs and the background answered its portal check.
    await expect.poll(() => closedShadow(demo, 'holdfast-banner-host', '.banner')).not.toBeNull();
    const run = (expression: string) => inContentScriptWorld(demo, profile!.extensionId, expression);
    return { run };
  };

  it('reads neither the relay token nor the member chosen from the extension’s storage', async () => {
    const { run } = await setUp();
    const read = await run('chrome.storage.local.get(null).then((items) => JSON.stringify(items))');
    const seen = `${String(read.value ?? '')}${read.error ?? ''}`;
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain(ALEX);
    expect(read.error).toContain('Access to storage is not allowed from this context');
    const session = await run('chrome.storage.session.get(null).then((items) => JSON.stringify(items))');
    expect(session.value).toBeUndefined();
  });

  it('is refused the popup’s counts, the side panel’s port and tracking an order it did not show, and still gets its portal advice', async () => {
    const { run } = await setUp();
    const summary = await run(
      `chrome.runtime.sendMessage({ type: 'holdfast/summary' }).then((r) => JSON.stringify(r ?? null), () => 'refused')`,
    );
    // Unanswered (Chromium resolves with nothing) or refused: either way, no counts.
    expect(['null', 'refused']).toContain(summary.value);
    // The port is either answered (before the check, the background posted the sync status at once)
    // or closed by the background: whichever comes first is the outcome.
    const port = await run(`new Promise((resolve) => {
      const port = chrome.runtime.connect({ name: 'holdfast/panel' });
      port.onMessage.addListener((message) => resolve('answered: ' + JSON.stringify(message)));
      port.onDisconnect.addListener(() => resolve('closed'));
    })`);
    expect(port.value).toBe('closed');
    const imported = await run(
      `chrome.runtime.sendMessage({ type: 'holdfast/imported', salesOrderNumbers: ['104000074'] }).then((r) => JSON.stringify(r ?? null), () => 'refused')`,
    );
    expect(['null', 'refused']).toContain(imported.value);
    // The marker: the one request a portal page may make is answered in the same world.
    const advice = await run(`chrome.runtime.sendMessage({
      type: 'holdfast/portal-check',
      salesOrderNumber: '104000074',
      smartAccount: { value: 'sa-keystone-integrators-holding', label: 'Keystone Integrators Holding' },
    }).then((r) => r.advice && r.advice.customerAccountName)`);
    expect(advice.value).toBe('Bluth Construction');
    // Its one write records only an order the background itself found new on this page: not one
    // the page names afterwards.
    const track = await run(
      `chrome.runtime.sendMessage({ type: 'holdfast/track-portal-order', salesOrderNumber: '104999999' }).then((r) => JSON.stringify(r))`,
    );
    expect(JSON.parse(String(track.value))).toEqual({
      ok: false,
      error: 'The portal page no longer shows order 104999999 as a new order.',
    });
  });
});
