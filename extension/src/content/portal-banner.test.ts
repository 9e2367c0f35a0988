import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { BANNER_HOST_ID, createPortalBanner, type AskAdvice } from './portal-banner.ts';

const demoHtml = readFileSync(new URL('../../demo/portal.html', import.meta.url), 'utf8');

/** The shadow roots the banner attached, as only its own code holds them (they are closed). */
const attached = new WeakMap<Element, ShadowRoot>();
const shadowOf = (host: Element | null | undefined): ShadowRoot => attached.get(host!)!;

const setup = (ask: AskAdvice) => {
  const window = new Window({ url: 'http://127.0.0.1/portal.html' });
  const attachShadow = window.HTMLElement.prototype.attachShadow;
  window.HTMLElement.prototype.attachShadow = function (this: never, init: ShadowRootInit) {
    const root = attachShadow.call(this, init) as unknown as ShadowRoot;
    attached.set(this, root);
    return root as never;
  };
  window.document.write(demoHtml);
  const doc = window.document as unknown as Document;
  const controller = new AbortController();
  const before = doc.querySelector('main')!.outerHTML;
  const banner = createPortalBanner(doc, ask, controller.signal, (error) => {
    throw error;
  });
  return { doc, controller, banner, before };
};

const advising: AskAdvice = async ({ salesOrderNumber, smartAccount }) => ({
  advice: smartAccount.value.endsWith('-holding')
    ? { salesOrderNumber, holdingAccountName: smartAccount.label, customerAccountName: 'Bluth Construction' }
    : null,
});

describe('the portal banner', () => {
  it('shows one banner in a closed shadow root the page cannot read, and leaves the form untouched', async () => {
    const { doc, banner, before } = setup(advising);
    await banner.check();
    const hosts = doc.querySelectorAll(`#${BANNER_HOST_ID}`);
    expect(hosts).toHaveLength(1);
    expect(hosts[0]!.shadowRoot).toBeNull();
    expect(shadowOf(hosts[0]).mode).toBe('closed');
    expect(shadowOf(hosts[0]).textContent).toContain('Bluth Construction');
    expect(doc.querySelector('main')!.outerHTML).toBe(before);
  });

  it('goes away when the user picks the customer account, and stays away once dismissed', async () => {
    const { doc, banner } = setup(advising);
    await banner.check();
    const select = doc.querySelector<HTMLSelectElement>('#smartAccount')!;
    select.value = 'sa-bluth-construction';
    await banner.check();
    expect(doc.getElementById(BANNER_HOST_ID)).toBeNull();

    select.value = 'sa-keystone-integrators-holding';
    await banner.check();
    shadowOf(doc.getElementById(BANNER_HOST_ID)).querySelector('button')!.click();
    expect(doc.getElementById(BANNER_HOST_ID)).toBeNull();
    select.value = 'sa-bluth-construction';
    await banner.check();
    select.value = 'sa-keystone-integrators-holding';
    await banner.check();
    expect(doc.getElementById(BANNER_HOST_ID)).toBeNull();
  });

  it('asks again at the next change after the background refused a check (too many from this tab)', async () => {
    const answers: ((reading: Parameters<AskAdvice>[0]) => ReturnType<AskAdvice>)[] = [
      async () => {
        throw new Error('Too many portal checks from this tab; try again in a few seconds.');
      },
      advising,
    ];
    const window = new Window({ url: 'http://127.0.0.1/portal.html' });
    window.document.write(demoHtml);
    const doc = window.document as unknown as Document;
    const errors: unknown[] = [];
    const banner = createPortalBanner(
      doc,
      (reading) => answers.shift()!(reading),
      new AbortController().signal,
      (error) => errors.push(error),
    );
    await banner.check();
    expect(errors).toHaveLength(1);
    expect(doc.getElementById(BANNER_HOST_ID)).toBeNull();
    await banner.check();
    expect(doc.getElementById(BANNER_HOST_ID)).not.toBeNull();
    expect(answers).toEqual([]);
  });

  it('offers to track a new order, sends the form’s draft, and says when it is tracked or why not', async () => {
    const window = new Window({ url: 'http://127.0.0.1/portal.html' });
    const attachShadow = window.HTMLElement.prototype.attachShadow;
    window.HTMLElement.prototype.attachShadow = function (this: never, init: ShadowRootInit) {
      const root = attachShadow.call(this, init) as unknown as ShadowRoot;
      attached.set(this, root);
      return root as never;
    };
    window.document.write(demoHtml);
    const doc = window.document as unknown as Document;
    const asked: Parameters<AskAdvice>[0][] = [];
    const answers = [{ ok: false as const, error: 'Choose who you are in the options first.' }, { ok: true as const }];
    const tracked: string[] = [];
    const banner = createPortalBanner(
      doc,
      async (reading) => {
        asked.push(reading);
        return { advice: { ...(await advising(reading)).advice!, canTrack: true } };
      },
      new AbortController().signal,
      (error) => {
        throw error;
      },
      async (salesOrderNumber) => (tracked.push(salesOrderNumber), answers.shift()!),
    );
    await banner.check();
    expect(asked[0]!.draft).toEqual({
      webOrderId: 'WO093000026',
      poNumber: 'PO-KI-2026-0419',
      virtualAccount: { value: 'sa-keystone-integrators-holding/enterprise', label: 'ENTERPRISE' },
      lines: [
        { sku: 'C9300-DNA-E-24-3Y', quantity: 24, termMonths: 36 },
        { sku: 'L-FPR2110T-TMC-3Y', quantity: 2, termMonths: 36 },
      ],
    });
    const root = shadowOf(doc.getElementById(BANNER_HOST_ID));
    const outcome = () => root.querySelector('.outcome')?.textContent ?? '';
    root.querySelector<HTMLButtonElement>('.track')!.click();
    await expect.poll(outcome).toBe('Not tracked: Choose who you are in the options first.');
    root.querySelector<HTMLButtonElement>('.track')!.click();
    await expect.poll(outcome).toBe('Holdfast now tracks order 104000074: it is in the side panel’s list.');
    expect(root.querySelector('.track')).toBeNull();
    expect(tracked).toEqual(['104000074', '104000074']);
  });

  it('shows nothing when the background has no advice', async () => {
    const { doc, banner } = setup(async () => ({ advice: null }));
    await banner.check();
    expect(doc.getElementById(BANNER_HOST_ID)).toBeNull();
  });

  it('removes its banner when its feature is aborted', async () => {
    const { doc, banner, controller } = setup(advising);
    await banner.check();
    controller.abort();
    expect(doc.getElementById(BANNER_HOST_ID)).toBeNull();
  });
});
