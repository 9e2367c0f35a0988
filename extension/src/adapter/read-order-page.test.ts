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
      poNumber: 'PO-KI-2026-0419',
      customerName: 'Bluth Construction',
      smartAccount: { value: 'sa-keystone-integrators-holding', label: 'Keystone Integrators Holding' },
      virtualAccount: { value: 'sa-keystone-integrators-holding/enterprise', label: 'ENTERPRISE' },
      lines: [
        { sku: 'C9300-DNA-E-24-3Y', quantity: 24, termMonths: 36 },
        { sku: 'L-FPR2110T-TMC-3Y', quantity: 2, termMonths: 36 },
      ],
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
      poNumber: null,
      customerName: null,
      smartAccount: null,
      virtualAccount: null,
      lines: [],
    });
  });

  it('leaves out a line without a SKU or a whole quantity, and reads a perpetual line', () => {
    const doc = documentOf(`<table>
      <tr data-ccw="order-line"><td data-ccw="line-sku">C9300-DNA-E-24-3Y</td><td data-ccw="line-quantity">-3</td></tr>
      <tr data-ccw="order-line"><td data-ccw="line-sku"></td><td data-ccw="line-quantity">2</td></tr>
      <tr data-ccw="order-line"><td data-ccw="line-sku">ISR4331-SEC</td><td data-ccw="line-quantity">1</td><td data-ccw="line-term"></td></tr>
    </table>`);
    expect(readOrderPage(doc).lines).toEqual([{ sku: 'ISR4331-SEC', quantity: 1, termMonths: null }]);
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
      querySelectorAll: () => {
        throw new Error('detached');
      },
    };
    expect(readOrderPage(broken)).toEqual({
      salesOrderNumber: null,
      webOrderId: null,
      poNumber: null,
      customerName: null,
      smartAccount: null,
      virtualAccount: null,
      lines: [],
    });
  });
});
