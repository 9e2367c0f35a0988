#!/usr/bin/env node
// `holdfast check <file>`: prints findings and reassignment checklists for a CSV, .xlsx, order API
// or Holdfast JSON file. Exit code 0: nothing overdue; 1: an order is overdue; 2: the file or the
// command is wrong. `holdfast import <file> --into <holdfast.json>`: merges the file into a Holdfast
// file and prints what changed (exit 0; 2 when the file or the command is wrong, writing nothing).
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { emptySnapshot, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { KnownDirectory } from '../io/csv-directory.ts';
import type { ParseResult } from '../io/import-error.ts';
import { parseHoldfastJson } from '../io/parse-holdfast-json.ts';
import { readOrdersFile } from '../io/read-orders-file.ts';
import { isWorkbookFile, readOrdersWorkbook } from '../io/read-orders-workbook.ts';
import { buildCheckReport, formatCheckReport } from './check-report.ts';
import { formatImportReport, importInto } from './import-into.ts';

const USAGE = `Usage: holdfast check <file.csv|file.xlsx|file.json> [--now ISO-DATE] [--threshold DAYS] [--critical DAYS] [--review-interval DAYS] [--json]
       holdfast import <file.csv|file.xlsx|file.json> --into <holdfast.json> [--now ISO-DATE] [--json]`;

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

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function failOnErrors(file: string, what: string, parsed: ParseResult<unknown>): void {
  if (parsed.ok) return;
  const lines = parsed.errors.map(
    (e) => `  ${e.row > 0 ? `row ${e.row}` : 'file'}${e.column ? `, ${e.column}` : ''}: ${e.message}`,
  );
  fail(`${file} has ${parsed.errors.length} error(s); ${what}:\n${lines.join('\n')}`);
}

/** Reads any order file (sniffed as the extension does), names resolved against `known` accounts. */
async function readAnyOrdersFile(file: string, now: Date, known?: KnownDirectory): Promise<HoldfastSnapshot> {
  const bytes = readBytes(file);
  const options = { fileName: basename(file), now, ...(known ? { known } : {}) };
  const parsed = isWorkbookFile(bytes, file)
    ? await readOrdersWorkbook(bytes, options)
    : readOrdersFile(new TextDecoder().decode(bytes), options);
  failOnErrors(file, known ? 'nothing was imported' : 'nothing was checked', parsed);
  return (parsed as { ok: true; value: HoldfastSnapshot }).value;
}

/** `holdfast import`: the same merge as the extension's import, into a Holdfast file (0600). */
async function runImport(file: string, into: string, now: Date, json: boolean): Promise<void> {
  let target = emptySnapshot(now);
  if (existsSync(into)) {
    const parsed = parseHoldfastJson(new TextDecoder().decode(readBytes(into)));
    failOnErrors(into, 'nothing was imported', parsed);
    target = (parsed as { ok: true; value: HoldfastSnapshot }).value;
  }
  const read = await readAnyOrdersFile(file, now, target);
  const { snapshot, report } = importInto(target, read, now);
  if (report.added + report.updated > 0 || !existsSync(into)) {
    // Written beside and renamed over: a crash leaves the old file whole, never half of the new one.
    const temporary = `${into}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, into);
  }
  process.stdout.write(
    json ? `${JSON.stringify(report, null, 2)}\n` : `${formatImportReport(basename(file), into, report)}\n`,
  );
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
      into: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, file] = positionals;
  if ((command !== 'check' && command !== 'import') || !file) fail(USAGE);
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) fail(`--now must be an ISO date such as 2026-11-22, got "${values.now}".`);
  if (command === 'import') {
    if (!values.into) fail(`holdfast import needs --into <holdfast.json>, the file to merge into.\n${USAGE}`);
    return runImport(file, values.into, now, values.json ?? false);
  }

  const snapshot = await readAnyOrdersFile(file, now);
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
