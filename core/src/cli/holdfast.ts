#!/usr/bin/env node
// `holdfast check <file>`: prints findings and reassignment checklists for a CSV or Holdfast JSON
// file. Exit code 0: nothing overdue; 1: an order is overdue; 2: the file or the command is wrong.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { readOrdersFile } from '../io/read-orders-file.ts';
import { isWorkbookFile, readOrdersWorkbook } from '../io/read-orders-workbook.ts';
import { buildCheckReport, formatCheckReport } from './check-report.ts';

const USAGE = `Usage: holdfast check <file.csv|file.xlsx|file.json> [--now ISO-DATE] [--threshold DAYS] [--critical DAYS] [--review-interval DAYS] [--json]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a whole number of days ≥ 1, got "${value}".`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      now: { type: 'string' },
      threshold: { type: 'string' },
      critical: { type: 'string' },
      'review-interval': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, file] = positionals;
  if (command !== 'check' || !file) fail(USAGE);
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) fail(`--now must be an ISO date such as 2026-11-22, got "${values.now}".`);

  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const options = { fileName: basename(file), now };
  const parsed = isWorkbookFile(bytes, file)
    ? await readOrdersWorkbook(bytes, options)
    : readOrdersFile(new TextDecoder().decode(bytes), options);
  if (!parsed.ok) {
    const lines = parsed.errors.map(
      (e) => `  ${e.row > 0 ? `row ${e.row}` : 'file'}${e.column ? `, ${e.column}` : ''}: ${e.message}`,
    );
    fail(`${file} has ${parsed.errors.length} error(s); nothing was checked:\n${lines.join('\n')}`);
  }
  const snapshot = parsed.value;
  const threshold = positiveInt('threshold', values.threshold);
  const reviewInterval = positiveInt('review-interval', values['review-interval']);
  const critical = positiveInt('critical', values.critical);
  if (threshold) snapshot.settings.holdingThresholdDays = threshold;
  if (critical) snapshot.settings.holdingCriticalDays = critical;
  if (reviewInterval) snapshot.settings.reviewIntervalDays = reviewInterval;

  const report = buildCheckReport(snapshot, now);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCheckReport(report)}\n`);
  process.exitCode = report.totals.overdue > 0 ? 1 : 0;
}

await main(process.argv.slice(2));
