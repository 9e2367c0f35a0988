import { describe, expect, it } from 'vitest';
import { escapeCsvFormula, unescapeCsvFormula } from './csv-formula.ts';
import { ordersToCsv } from './orders-to-csv.ts';
import { parseOrdersCsv } from './parse-orders-csv.ts';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const HEADER =
  'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,End Customer Domain,Line Number,SKU,Quantity,Term (Months),Line Status,Smart Account,Smart Account Type,Virtual Account,Reseller,Reseller Domain,Last Reviewed';

/** Values a hostile or careless file could carry; `quote` writes one as an escaped CSV cell. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example","Click")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1:A2)',
  "'=already quoted",
  "''@twice",
  "it's fine",
];
const quote = (value: string) => `"${escapeCsvFormula(value).replace(/"/g, '""')}"`;

describe('CSV formula injection', () => {
  it('writes a cell that a spreadsheet would run as a formula with a leading apostrophe', () => {
    expect(['=1+1', '+1', '-1', '@A1', '\tx', '\rx', 'plain', '', "it's"].map(escapeCsvFormula)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@A1",
      "'\tx",
      "'\rx",
      'plain',
      '',
      "it's",
    ]);
  });

  it('reads back every value it wrote, apostrophes included', () => {
    const values = [...HOSTILE, '\tTab', '\rReturn', "'", "''", "'plain", 'plain', ''];
    expect(values.map((v) => unescapeCsvFormula(escapeCsvFormula(v)))).toEqual(values);
  });

  it('exports no cell that begins with a formula character, and imports the export to the same orders', () => {
    const rows = HOSTILE.map(
      (name, i) =>
        `SO-${i},WO-${i},${quote(HOSTILE[(i + 1) % HOSTILE.length]!)},2026-01-10,${quote(name)},acme.example.com,1,${quote(HOSTILE[(i + 2) % HOSTILE.length]!)},1,,,${quote(`${name} holding`)},Partner Holding,${quote(`-VA ${i}`)},${quote(`@Reseller ${i}`)},reseller.example.com,`,
    );
    const parsed = parseOrdersCsv([HEADER, ...rows].join('\n'), { now: NOW });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.orders.map((o) => o.endCustomer.name)).toEqual(HOSTILE);

    const text = ordersToCsv(parsed.value);
    const cells = text
      .split('\n')
      .slice(1)
      .flatMap((line) => line.split(','))
      .map((cell) => cell.replace(/^"/, ''));
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);

    const again = parseOrdersCsv(text, { now: NOW, known: parsed.value });
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.value.orders).toEqual(parsed.value.orders);
    // Smart Account names resolve against the known ones: an altered name would be a new account.
    expect(again.value.smartAccounts).toEqual([]);
  });
});
