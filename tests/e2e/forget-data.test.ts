// "Forget this computer's data" in the options page, in Chromium with the built extension.
import { virtualAccountDocName } from '@holdfast/core/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { PREFERENCES_KEY } from '../../extension/src/data/preferences.ts';
import { openSeededProfile, type Profile } from './extension-harness.ts';

const ALEX = 'keystone-integrators:alex';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXlzdG9uZS1pbnRlZ3JhdG9yczphbGV4In0.c2VjcmV0LXNpZ25hdHVyZQ';
/** A team document as y-indexeddb keeps it: one database per document, named after it. */
const DOC = virtualAccountDocName('sa-keystone-integrators-holding', 'sa-keystone-integrators-holding/enterprise');
type StorageScope = {
  chrome: {
    storage: {
      local: { get(key?: string | null): Promise<Record<string, unknown>> };
    };
  };
};

describe("forgetting this computer's data", () => {
  let profile: Profile | undefined;
  afterEach(async () => {
    await profile?.close();
    profile = undefined;
  });

  it('removes the orders, every team document, the relay token and the preferences, after asking', async () => {
    profile = await openSeededProfile(ALEX, { url: 'wss://relay.keystone.example', token: TOKEN });
    const worker = await profile.worker();
    const options = await profile.context.newPage();
    await options.goto(profile.page('options.html'));
    await options.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onupgradeneeded = () => request.result.createObjectStore('updates', { autoIncrement: true });
          request.onsuccess = () => (request.result.close(), resolve());
          request.onerror = () => reject(request.error);
        }),
      DOC,
    );
    const databases = () => options.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(await databases()).toEqual(expect.arrayContaining(['holdfast', DOC]));
    await options
      .locator('#member')
      .filter({ has: options.locator(`option[value="${ALEX}"]`) })
      .waitFor();

    options.once('dialog', (dialog) => void dialog.accept());
    await options.getByRole('button', { name: 'Forget this computer’s data' }).click();
    await options.getByTestId('forget-message').filter({ hasText: 'is removed' }).waitFor();

    // The team document is gone; the store may be opened again, empty, by a page that reads it.
    expect(await databases()).not.toContain(DOC);
    await options.getByText('Import a portal export or a Holdfast file above first').waitFor();
    expect(await options.locator(`#member option[value="${ALEX}"]`).count()).toBe(0);
    const stored = JSON.stringify(
      await worker.evaluate(() => (globalThis as unknown as StorageScope).chrome.storage.local.get(null)),
    );
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(PREFERENCES_KEY);

    const panel = await profile.context.newPage();
    await panel.goto(profile.page('sidepanel.html'));
    await panel.getByTestId('first-run').getByText('No orders yet').waitFor();
  });

  it('says near "Who I am" that the choice is a view, and removes nothing when the user does not confirm', async () => {
    profile = await openSeededProfile(ALEX);
    const options = await profile.context.newPage();
    await options.goto(profile.page('options.html'));
    await options
      .getByTestId('local-identity')
      .filter({ hasText: 'a view, not a wall: anyone using this browser can pick any member' })
      .waitFor();
    options.once('dialog', (dialog) => void dialog.dismiss());
    await options.getByRole('button', { name: 'Forget this computer’s data' }).click();
    await options.getByTestId('forget-message').filter({ hasText: 'Nothing was removed.' }).waitFor();
    expect(await options.locator(`#member option[value="${ALEX}"]`).count()).toBe(1);
  });
});
