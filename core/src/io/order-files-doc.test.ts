import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOrdersFile } from './read-orders-file.ts';

// docs/order-files.md shows an example of every format; each must import as shown, or the
// partner who copies it gets errors the page never mentions.
const doc = readFileSync(new URL('../../../docs/order-files.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/^```(csv|json)\n([\s\S]*?)^```$/gm)].map(([, kind, text]) => ({
  kind: kind!,
  text: text!,
}));

describe('the examples in docs/order-files.md', () => {
  it('show every format: CSV export, CCW Order API response, Holdfast JSON', () => {
    expect(examples.filter((e) => e.kind === 'csv').length).toBeGreaterThanOrEqual(1);
    expect(examples.some((e) => e.kind === 'json' && e.text.includes('"ShowPurchaseOrder"'))).toBe(true);
    expect(examples.some((e) => e.kind === 'json' && e.text.includes('"format": "holdfast/v1"'))).toBe(true);
  });

  it.each(examples.map((e, i) => [i + 1, e.kind, e.text]))(
    'example %i (%s) imports without an error',
    (_n, kind, text) => {
      const result = readOrdersFile(text, { fileName: `example.${kind}`, now: new Date('2026-03-20T00:00:00Z') });
      expect(result.ok ? [] : result.errors).toEqual([]);
      expect(result.ok && result.value.orders.length).toBeGreaterThan(0);
    },
  );
});
