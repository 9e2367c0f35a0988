import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, closedShadow, openProfile, ROOT, serveDemoPortal, type Profile } from './extension-harness.ts';

const CSV_PATH = join(ROOT, 'core/sample/portal-export-sample.csv');
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, which the extension pages'
 * script policy does not restrict) and returns each violation as "rule: help (targets)".
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

/**
 * The side panel as a sales rep meets it, in a fresh profile of its own: a portal export is all
 * they have (issue 16).
 */
describe('the side panel a sales rep keeps open, from a portal export alone', () => {
  let portal: Awaited<ReturnType<typeof serveDemoPortal>>;

  const openPanel = async (profile: Profile): Promise<Page> => {
    const panel = await profile.context.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(profile.page('sidepanel.html'));
    return panel;
  };

  /** Imports the CSV into the profile and names the holding account, as the first run does. */
  const claimKeystone = async (profile: Profile): Promise<void> => {
    const options = await profile.context.newPage();
    await options.goto(profile.page('options.html'));
    await options.locator('#import-file').setInputFiles(CSV_PATH);
    await expect.poll(() => options.getByTestId('import-result').textContent()).toMatch(/\d+ added/);
    await options
      .locator('#holding-account')
      .selectOption({ label: 'Keystone Integrators Holding (Keystone Integrators)' });
    await options.getByRole('button', { name: 'Use this holding account' }).click();
    await options
      .getByTestId('chosen-roles')
      .getByText('Holding Account Administrator on Keystone Integrators Holding')
      .waitFor();
    await options.close();
  };

  /** Each test opens its own profile: nothing depends on what another test did. */
  const withProfile = (seed: boolean, body: (profile: Profile) => Promise<void>) => async (): Promise<void> => {
    const profile = await openProfile();
    try {
      if (seed) await claimKeystone(profile);
      await body(profile);
    } finally {
      await profile.close();
    }
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    portal = await serveDemoPortal();
  });
  afterAll(async () => {
    await portal?.close();
  });

  it(
    'goes from importing the CSV to a populated panel: import, name my holding account, open the panel',
    withProfile(false, async (profile) => {
      const empty = await openPanel(profile);
      await empty.getByTestId('first-run').getByText('No orders yet').waitFor();
      await empty.close();

      const options = await profile.context.newPage();
      await options.goto(profile.page('options.html'));
      const headings = await options.locator('h2').allTextContents();
      expect(headings.slice(0, 3)).toEqual(['1. Import your orders', '2. Who I am', '3. Open the side panel']);
      await options.locator('#import-file').setInputFiles(CSV_PATH);
      await expect.poll(() => options.getByTestId('import-result').textContent()).toMatch(/\d+ added/);

      // The panel now asks who I am, never to import again.
      const asking = await openPanel(profile);
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
    }),
  );

  it(
    'opens, with no first screen kept, on the oldest orders in holding read by the background, then the fresh list',
    withProfile(true, async (profile) => {
      // The background keeps a first screen after the import; wait for it, then drop it, as a
      // browser restart does. Nothing changes the store after that, so nothing keeps another.
      const worker = await profile.worker();
      type Session = {
        chrome: { storage: { session: { get(key: string): Promise<object>; remove(key: string): Promise<void> } } };
      };
      const kept = () =>
        worker.evaluate(async () =>
          Object.keys(await (globalThis as unknown as Session).chrome.storage.session.get('holdfast:first-screen')),
        );
      await expect.poll(kept).toEqual(['holdfast:first-screen']);
      await worker.evaluate(() =>
        (globalThis as unknown as Session).chrome.storage.session.remove('holdfast:first-screen'),
      );
      expect(await kept()).toEqual([]);

      const panel = await profile.context.newPage();
      await panel.setViewportSize({ width: 360, height: 720 });
      // Every list heading the page ever shows, recorded from before its first render, and what
      // the background answered to the early script's request for the oldest orders.
      await panel.addInitScript(() => {
        const seen: string[] = [];
        const scope = globalThis as unknown as { headingsSeen: string[]; backgroundAnswer: unknown };
        scope.headingsSeen = seen;
        let early: Record<string, Promise<unknown>> | undefined;
        Object.defineProperty(globalThis, 'holdfastEarlyReads', {
          get: () => early,
          set(reads: Record<string, Promise<unknown>>) {
            early = reads;
            void reads['holdfast/oldest-in-holding']?.then((answer) => (scope.backgroundAnswer = answer));
          },
        });
        new MutationObserver(() => {
          for (const heading of document.querySelectorAll('.group-heading'))
            if (!seen.includes(heading.textContent ?? '')) seen.push(heading.textContent ?? '');
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await panel.goto(profile.page('sidepanel.html'));
      await panel
        .getByTestId('order-count')
        .filter({ hasText: /^(\d+) of \1 orders$/ })
        .waitFor();
      // The fresh list waits for the provisional screen to settle, so the oldest orders always showed first.
      await expect
        .poll(() => panel.evaluate(() => (globalThis as unknown as { headingsSeen: string[] }).headingsSeen))
        .toContainEqual(expect.stringMatching(/^Oldest in holding/));
      await expect.poll(() => panel.locator('.group-heading').first().textContent()).not.toMatch(/^Oldest in holding/);
      const answer = await panel.evaluate(
        () => (globalThis as unknown as { backgroundAnswer?: { screen?: { entries?: unknown[] } } }).backgroundAnswer,
      );
      expect(answer?.screen?.entries?.[0]).toMatchObject({ kind: 'heading', title: 'Oldest in holding' });
      await panel.close();
    }),
  );

  it(
    'sorts the list, folds the filters away, and clears filters that hide every order',
    withProfile(true, async (profile) => {
      const panel = await openPanel(profile);
      await panel
        .getByTestId('order-count')
        .filter({ hasText: /^[1-9]\d* of \d+ orders$/ })
        .waitFor();
      await panel.getByLabel('Sort orders').selectOption('customer');
      await expect.poll(() => panel.locator('.group-heading').count()).toBe(0);
      const customers = await panel.locator('.order-row .ellipsis').first().textContent();
      expect(customers).toBeTruthy();
      expect(await panel.locator('#filter-grid').isVisible()).toBe(false);
      await panel.getByRole('button', { name: /Filters/ }).click();
      await panel.getByLabel('Age', { exact: true }).selectOption('90');
      await panel.getByLabel('Search orders').fill('no such customer anywhere');
      await panel.getByTestId('filtered-out').waitFor();
      await panel.getByRole('button', { name: 'Clear filters' }).click();
      await panel
        .getByTestId('order-count')
        .filter({ hasText: /^(\d+) of \1 orders$/ })
        .waitFor();
      await panel.close();
    }),
  );

  it(
    'asks the customer, records it in the history and says "asked today"; Escape goes back',
    withProfile(true, async (profile) => {
      const panel = await openPanel(profile);
      await panel.getByLabel('Search orders').fill('104000074');
      await panel.locator('.vrow[role="option"]').filter({ hasText: '104000074' }).click();
      await panel.getByRole('heading', { name: 'Order 104000074' }).waitFor();
      const ask = panel.getByRole('link', { name: 'Ask the customer' });
      expect(await ask.getAttribute('href')).toMatch(/^mailto:\?subject=/);
      // The mail program is not there: the link's default is prevented, its click still records.
      await ask.evaluate((a) => a.addEventListener('click', (e) => e.preventDefault()));
      await ask.click();
      await panel.getByTestId('ask-customer').getByText('Asked today').waitFor();
      await panel
        .locator('.history li')
        .filter({ hasText: 'Asked the customer to create or name their Smart Account' })
        .waitFor();
      await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-detail-360.png'), fullPage: true });
      await panel.keyboard.press('Escape');
      await panel.getByTestId('order-count').waitFor();
      await panel.close();
    }),
  );

  it(
    'asks before marking delivered, lets it be undone, then saves it and the order leaves holding',
    withProfile(true, async (profile) => {
      const panel = await openPanel(profile);
      await panel.getByLabel('Search orders').fill('104000074');
      await panel.locator('.vrow[role="option"]').filter({ hasText: '104000074' }).click();
      await panel.getByRole('button', { name: 'Record reassignment started' }).click();
      await panel.getByTestId('reassignment-underway').waitFor();

      await panel.getByRole('button', { name: 'Mark delivered to the customer' }).click();
      await panel.getByRole('button', { name: 'Yes, mark delivered' }).click();
      await panel.getByTestId('undo').waitFor();
      await panel.getByRole('button', { name: 'Undo' }).click();
      await panel.getByText('Undone: order 104000074 is not marked delivered.').waitFor();
      await panel.locator('.vrow[role="option"]').filter({ hasText: '104000074' }).click();
      await panel.getByTestId('reassignment-underway').waitFor();

      await panel.getByRole('button', { name: 'Mark delivered to the customer' }).click();
      await panel.getByRole('button', { name: 'Yes, mark delivered' }).click();
      await panel.getByText('Order 104000074 is recorded as delivered to the customer: it has left holding.').waitFor();
      // Delivered to the customer's own account, it has left the holding account's list: the search finds nothing.
      await panel.getByTestId('filtered-out').getByRole('button', { name: 'Clear filters' }).waitFor();
      await panel.close();
    }),
  );

  it(
    'has no axe-core violation on the side panel, its detail, the popup and the options, in light and dark, at 360 px',
    withProfile(true, async (profile) => {
      const pages: [string, string, (page: Page) => Promise<void>][] = [
        ['side-panel', 'sidepanel.html', (p) => p.getByTestId('aging-chart').waitFor()],
        [
          'side-panel-detail',
          'sidepanel.html',
          async (p) => {
            await p.locator('.vrow[role="option"]').first().click();
            await p.getByRole('heading', { name: /^Order / }).waitFor();
            await p
              .locator('.findings details')
              .first()
              .evaluate((d) => ((d as HTMLDetailsElement).open = true));
          },
        ],
        ['popup', 'popup.html', (p) => p.getByTestId('count-holding').waitFor()],
        ['options', 'options.html', (p) => p.getByTestId('chosen-roles').waitFor()],
      ];
      const found: Record<string, string[]> = {};
      for (const scheme of ['light', 'dark'] as const) {
        for (const [name, path, ready] of pages) {
          const page = await profile.context.newPage();
          await page.emulateMedia({ colorScheme: scheme });
          await page.setViewportSize({ width: 360, height: 720 });
          await page.goto(profile.page(path));
          await ready(page);
          await page.screenshot({ path: join(ARTIFACTS, `${name}-360-${scheme}.png`), fullPage: true });
          found[`${name} (${scheme})`] = await axeViolations(page);
          await page.close();
        }
      }
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    }),
  );

  it(
    'warns on the demo portal for a NEW order set to the holding account although the customer has a known Smart Account, and tracks it in one click',
    withProfile(true, async (profile) => {
      const panel = await openPanel(profile);
      await panel
        .getByTestId('order-count')
        .filter({ hasText: / of \d+ orders/ })
        .waitFor();
      const demo = await profile.context.newPage();
      await demo.goto(portal.url);
      // An order number Holdfast has never stored: the order is being placed now.
      await demo.locator('#salesOrderNumber').fill('104999999');
      // The banner sits in a closed shadow root: read through the DevTools protocol.
      let banner: Awaited<ReturnType<typeof closedShadow>> = null;
      await expect
        .poll(async () => (banner = await closedShadow(demo, 'holdfast-banner-host', '.banner'))?.text ?? '')
        .toContain('Order 104999999');
      expect(banner!.text).toContain('Bluth Construction');
      expect(banner!.text).toContain('Start tracking this order');
      await demo.screenshot({ path: join(ARTIFACTS, 'portal-banner-new-order.png') });

      // The side panel beside it warns too, and offers the same; the order is not in the list yet.
      const card = panel.getByTestId('portal-card');
      await card.filter({ hasText: 'new order 104999999' }).filter({ hasText: 'Bluth Construction' }).waitFor();
      await card.getByRole('button', { name: 'Start tracking this order' }).waitFor();
      await panel.locator('#f-text').fill('104999999');
      await panel
        .getByTestId('order-count')
        .filter({ hasText: /^0 of / })
        .waitFor();
      await panel.screenshot({ path: join(ARTIFACTS, 'side-panel-portal-new-order.png') });

      const button = (await closedShadow(demo, 'holdfast-banner-host', '.track'))!;
      await demo.mouse.click(button.x, button.y);
      await expect
        .poll(async () => (await closedShadow(demo, 'holdfast-banner-host', '.outcome'))?.text ?? '')
        .toBe('Holdfast now tracks order 104999999: it is in the side panel’s list.');

      // Stored: the panel lists it, no longer offers to track it, and its detail opens.
      await panel
        .getByTestId('order-count')
        .filter({ hasText: /^1 of / })
        .waitFor();
      await card.filter({ hasText: 'order 104999999' }).getByRole('button', { name: 'Show order' }).click();
      await panel.getByRole('heading', { name: 'Order 104999999' }).waitFor();
      expect(await card.getByRole('button', { name: 'Start tracking this order' }).count()).toBe(0);
      // What the form showed is what was stored.
      await panel.getByText('PO-KI-2026-0419').first().waitFor();
      await demo.close();
    }),
  );

  it(
    'tracks a new order from the side panel beside the portal page too',
    withProfile(true, async (profile) => {
      const panel = await openPanel(profile);
      await panel
        .getByTestId('order-count')
        .filter({ hasText: / of \d+ orders/ })
        .waitFor();
      const demo = await profile.context.newPage();
      await demo.goto(portal.url);
      await demo.locator('#salesOrderNumber').fill('104999998');
      const card = panel.getByTestId('portal-card').filter({ hasText: 'new order 104999998' });
      await card.getByRole('button', { name: 'Start tracking this order' }).click();
      await panel.getByTestId('track-outcome').filter({ hasText: 'Holdfast now tracks order 104999998.' }).waitFor();
      await panel.locator('#f-text').fill('104999998');
      await panel
        .getByTestId('order-count')
        .filter({ hasText: /^1 of / })
        .waitFor();
      await demo.close();
    }),
  );
});
