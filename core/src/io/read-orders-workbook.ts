import { readSheet } from 'read-excel-file/universal';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { ParseResult } from './import-error.ts';
import { parseOrderRecords } from './parse-order-records.ts';
import { checkSnapshot, checkSnapshotInSteps, type ReadProgress } from './check-snapshot-in-steps.ts';
import { snapshotInput, type ReadOrdersFileOptions } from './read-orders-file.ts';

export { isWorkbookFile } from './is-workbook-file.ts';

/** A cell as the CSV import reads it: dates as ISO instants, numbers and booleans as written. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * Reads the first worksheet of an `.xlsx` export (CCW and Smart Software Manager export workbooks)
 * with the same columns, conventions and row/column errors as a CSV: row 1 holds the headers, and
 * errors name rows as the spreadsheet numbers them. Uses read-excel-file (see the README's library
 * table). A file that is not a readable workbook is one error, and nothing is imported.
 */
export async function readOrdersWorkbook(
  bytes: Uint8Array,
  options: ReadOrdersFileOptions & { onProgress?: ReadProgress },
): Promise<ParseResult<HoldfastSnapshot>> {
  let rows: unknown[][];
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    rows = (await readSheet(buffer)) as unknown[][];
  } catch (error) {
    return {
      ok: false,
      errors: [{ row: 0, column: null, message: `not a readable .xlsx workbook: ${(error as Error).message}` }],
    };
  }
  const [header = [], ...body] = rows;
  const fields = header.map((h) => cellText(h).trim());
  const records = body
    .filter((row) => row.some((value) => cellText(value).trim() !== ''))
    .map((row) => Object.fromEntries(fields.map((field, i) => [field, cellText(row[i])])));
  const input = snapshotInput(parseOrderRecords({ fields, records }, options), options);
  if (!input.ok) return input;
  return options.onProgress ? checkSnapshotInSteps(input.value, options.onProgress) : checkSnapshot(input.value);
}
