import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { readOrderPage } from './read-order-page.ts';

const demoHtml = readFileSync(new URL('../../demo/portal.html', import.meta.url), 'utf8');

const documentOf = (html: string): Document => {
  const window = new Window({ url: 'http://127.0.0.1/portal.html' });
  window.document.write(html);
  return window.document as unknown as Document;
};

describe('readOrderPage', () => {
  it('reads the order number, customer and both chosen accounts from the demo portal', () => {
    expect(readOrderPage(documentOf(demoHtml))).toEqual({
      salesOrderNumber: '104000074',
      webOrderId: 'WO093000026',
      customerName: 'Bluth Construction',
      smartAccount: { value: 'sa-keystone-integrators-holding', label: 'Keystone Integrators Holding' },
      virtualAccount: { value: 'sa-keystone-integrators-holding/enterprise', label: 'ENTERPRISE' },
    });
  });

  it('follows the user choosing another Smart Account', () => {
    const doc = documentOf(demoHtml);
    const select = doc.querySelector<HTMLSelectElement>('#smartAccount')!;
    select.value = 'sa-bluth-construction';
    expect(readOrderPage(doc).smartAccount).toEqual({ value: 'sa-bluth-construction', label: 'Bluth Construction' });
  });

  it('returns the fields it can still find when the markup changed', () => {
    const doc = documentOf(
      '<main><input id="salesOrderNumber" value="104000001"><select id="renamed"><option value="x" selected>X</option></select></main>',
    );
    expect(readOrderPage(doc)).toEqual({
      salesOrderNumber: '104000001',
      webOrderId: null,
      customerName: null,
      smartAccount: null,
      virtualAccount: null,
    });
  });

  it('treats an empty choice as no choice', () => {
    const doc = documentOf(
      '<select id="smartAccount"><option value="" selected>Select a Smart Account</option></select>',
    );
    expect(readOrderPage(doc).smartAccount).toBeNull();
  });

  it('never throws when querySelector itself fails', () => {
    const broken = {
      querySelector: () => {
        throw new Error('detached');
      },
    };
    expect(readOrderPage(broken)).toEqual({
      salesOrderNumber: null,
      webOrderId: null,
      customerName: null,
      smartAccount: null,
      virtualAccount: null,
    });
  });
});
