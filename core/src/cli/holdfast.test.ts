import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSample } from '../sample/generate-sample.ts';
import { buildCheckReport } from './check-report.ts';

const cli = new URL('./holdfast.ts', import.meta.url).pathname;
const sampleFile = new URL('../../sample/holdfast-sample.json', import.meta.url).pathname;
const csvFile = new URL('../../sample/portal-export-sample.csv', import.meta.url).pathname;
const fixture = (name: string) => new URL(`../../fixtures/${name}`, import.meta.url).pathname;

function holdfast(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Each test runs the CLI as a process (tsx compiles it first): a cap for a loaded machine, not a speed claim.
describe('holdfast check', { timeout: 60_000 }, () => {
  it('prints findings and reassignment checklists for the sample, and exits 1 because orders are overdue', () => {
    const run = holdfast('check', sampleFile, '--now', '2026-11-22');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('WARNING  holding-too-long');
    expect(run.stdout).not.toContain('CRITICAL holding-too-long');
    expect(run.stdout).toContain('Reassignment checklist:');
    expect(run.stdout).toMatch(/240 orders · \d+ in holding .* \d+ overdue/);
  });

  it('holding past the threshold is critical only past the days given as critical', () => {
    const run = holdfast('check', sampleFile, '--now', '2026-11-22', '--critical', '60');
    expect(run.stdout).toContain('CRITICAL holding-too-long');
  });

  it('shows one headline finding per order, with its action, and groups the others under it', () => {
    const run = holdfast('check', sampleFile, '--now', '2026-11-22');
    const blocks = run.stdout.split('\n\n').filter((b) => b.startsWith('SO '));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const lines = block.split('\n');
      expect(lines.filter((l) => l.includes('→')).length).toBe(1);
      expect(lines[1]).toMatch(/^ {2}(CRITICAL|WARNING|INFO) +/);
    }
    expect(run.stdout).toMatch(/\n {11}also (warning|info) holding-review-overdue: /);
  });

  it('reads the portal CSV export too', () => {
    const run = holdfast('check', csvFile, '--now', '2026-11-22');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('240 orders');
  });

  it('reads a CCW order API response (ShowPurchaseOrder JSON) and says the API does not tell where the orders sit', () => {
    const run = holdfast('check', fixture('ccw-order-api-response.json'), '--now', '2026-03-20');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('SO 110000001 · Globex Example Corp');
    expect(run.stdout).toContain(
      'INFO     smart-account-hold: Order 110000002 for Initech Example Ltd came from a source that does not say',
    );
    expect(run.stdout).toContain('2 orders · 0 in holding · 2 on Smart Account hold · 0 overdue');
  });

  it('reads a CSV with the real conventions and finds what a rep must act on', () => {
    const run = holdfast('check', fixture('ccw-export-real-conventions.csv'), '--now', '2026-03-20');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    // 15-Jan-2026 with line 1.0 shipped 20 Jan: days in holding count from the shipment.
    expect(run.stdout).toContain('has been in holding for 58 days since its first line shipped');
    expect(run.stdout).toContain('lines 1.0, 1.1 can no longer be reassigned in CCW');
    // The customer's Smart Account named in the file is kept while the order sits in holding.
    expect(run.stdout).toContain('→ Reassign order 120000002 to "Initech Example" in CCW.');
    expect(run.stdout).toContain('also warning customer-account-known: Order 120000002');
    // A perpetual line has no subscription to start; the EA order is not flagged at all.
    expect(run.stdout).not.toContain('subscription-not-started: Order 120000002');
    expect(run.stdout).not.toContain('120000003');
    expect(run.stdout).toContain(
      'smart-account-hold: Order 120000004 for Hooli Example has been on Smart Account hold for 28 days',
    );
    // HOLDING and CUSTOMER lines of one order: line 1.0 already in the customer's account, so the
    // order is partly reassigned and only line 2.0 is still to be reassigned.
    expect(run.stdout).toContain('SO 120000005 · Vandelay Example Industries · In holding (partly reassigned) 17 days');
    expect(run.stdout).toContain('→ Reassign line 2.0 of order 120000005 to "Vandelay Example" in CCW.');
    expect(run.stdout).toContain('5 orders · 3 in holding · 1 on Smart Account hold · 2 overdue');
  });

  it('reads an .xlsx export with the same columns and findings as the CSV', () => {
    const csv = holdfast('check', fixture('ccw-export-real-conventions.csv'), '--now', '2026-03-20');
    const xlsx = holdfast('check', fixture('ccw-export-real-conventions.xlsx'), '--now', '2026-03-20');
    expect(xlsx.stderr).toBe('');
    expect(xlsx.code).toBe(1);
    expect(xlsx.stdout).toBe(csv.stdout);
  });

  it('refuses a file named .xlsx that is not a workbook, and checks nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-cli-'));
    const file = join(dir, 'export.xlsx');
    writeFileSync(file, 'not a workbook');
    const run = holdfast('check', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a readable .xlsx workbook');
  });

  it('exits 0 when nothing is past the threshold', () => {
    const run = holdfast('check', sampleFile, '--now', '2026-11-02', '--threshold', '365');
    expect(run.stdout).not.toContain('holding-too-long');
    expect(run.code).toBe(0);
  });

  it('rejects a file with bad rows, listing every one, checks nothing and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-cli-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,End Customer Domain,Line Number,SKU,Quantity\n1,W1,P1,2026-01-01,Acme,acme.com,1,SKU1,5\n2,W2,P2,notadate,Beta,beta,1,SKU2,-3\n',
    );
    const run = holdfast('check', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('3 error(s); nothing was checked');
    expect(run.stderr).toContain('row 3, Order Date');
    expect(run.stdout).toBe('');
  });

  it('says how to use it when the command is wrong', () => {
    const run = holdfast('inspect');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: holdfast check');
  });
});

describe('the check report', () => {
  it('lists the most urgent orders first and counts overdue orders once each', () => {
    const sample = generateSample();
    const report = buildCheckReport(sample, new Date('2026-11-22'));
    const first = report.orders[0]!;
    expect(first.findings.some((f) => f.severity === 'critical')).toBe(true);
    const overdueOrders = new Set(
      report.orders.filter((o) => o.findings.some((f) => f.overdue)).map((o) => o.order.salesOrderNumber),
    );
    expect(report.totals.overdue).toBe(overdueOrders.size);
  });

  it('the committed sample file is what the generator makes', async () => {
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(sampleFile, 'utf8'))).toEqual(JSON.parse(JSON.stringify(generateSample())));
  });
});

// Several CLI processes in a test: a cap for a loaded machine, not a speed claim.
describe('holdfast import', { timeout: 120_000 }, () => {
  const HEADER =
    'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,End Customer Domain,Line Number,SKU,Quantity,Line Status,Smart Account,Smart Account Type,Reseller,Reseller Domain';
  const row = (so: string, line: string, status: string, quantity = 1) =>
    `${so},WO-${so},PO-${so},15-Jan-2026,Globex Example Corp,globex.example.com,${line},SKU-${line},${quantity},${status},Example Holding,HOLDING,Example Reseller,reseller.example.com`;

  it('imports an export into a Holdfast file; the same export again changes nothing; a changed one lists what changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-import-'));
    const into = join(dir, 'team.json');
    const week1 = join(dir, 'week-1.csv');
    const week2 = join(dir, 'week-2.csv');
    writeFileSync(week1, [HEADER, row('120000001', '1.0', 'Booked'), row('120000002', '1.0', 'Entered')].join('\n'));
    writeFileSync(
      week2,
      [
        HEADER,
        row('120000001', '1.0', 'Shipped'),
        row('120000001', '2.0', 'Entered', 3),
        row('120000002', '1.0', 'Entered'),
      ].join('\n'),
    );

    const first = holdfast('import', week1, '--into', into, '--now', '2026-02-01');
    expect(first.stdout).toContain('Imported week-1.csv into');
    expect(first.stdout).toContain('2 added, 0 updated, 0 unchanged');
    expect(statSync(into).mode & 0o777).toBe(0o600);
    const stored = readFileSync(into, 'utf8');

    const again = holdfast('import', week1, '--into', into, '--now', '2026-02-08');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 added, 0 updated, 2 unchanged');
    expect(readFileSync(into, 'utf8')).toBe(stored);

    const changed = holdfast('import', week2, '--into', into, '--now', '2026-02-08');
    expect(changed.stdout).toContain('0 added, 1 updated, 1 unchanged');
    expect(changed.stdout).toContain('order 120000001: line 1.0: Booked → Shipped, line 2.0 added');
    const orders = (JSON.parse(readFileSync(into, 'utf8')) as { orders: { history: { by: string }[] }[] }).orders;
    expect(orders.flatMap((o) => o.history.map((e) => e.by))).toEqual(expect.arrayContaining(['import']));
    expect(orders.flatMap((o) => o.history).every((e) => e.by === 'import')).toBe(true);
  });

  it('refuses a file with bad rows, writing nothing, and asks for --into', () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-import-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, [HEADER, row('120000001', '1.0', 'Booked', 0)].join('\n'));
    const run = holdfast('import', bad, '--into', join(dir, 'team.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/row 2, Quantity/);
    expect(() => statSync(join(dir, 'team.json'))).toThrow();
    expect(holdfast('import', bad).stderr).toContain('needs --into');
  });
});
