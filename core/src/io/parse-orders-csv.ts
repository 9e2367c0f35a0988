import Papa from 'papaparse';
import type { ImportError, ParseResult } from './import-error.ts';
import { parseOrderRecords, type ParsedOrders, type ParseOrdersCsvOptions } from './parse-order-records.ts';

/**
 * Says what is wrong with the file in a spreadsheet user's words: a file that is not a
 * comma-separated export at all (a text file, a Word document) is said to be so, not in the
 * parser's terms.
 */
function csvSyntaxError(e: { type: string; code: string; message: string; row?: number | undefined }): ImportError {
  const row = (e.row ?? 0) + 2;
  switch (e.code) {
    case 'UndetectableDelimiter':
      return {
        row: 1,
        column: null,
        message:
          'This file is not a spreadsheet export: no comma-separated columns were found. Export the order list from the portal as CSV, or choose a Holdfast .json file.',
      };
    case 'MissingQuotes':
    case 'InvalidQuotes':
      return { row, column: null, message: 'A quoted cell is not closed: check the quotation marks on this row.' };
    case 'TooFewFields':
    case 'TooManyFields':
      return {
        row,
        column: null,
        message: `This row has ${e.code === 'TooFewFields' ? 'fewer' : 'more'} cells than the header row.`,
      };
    default:
      return { row, column: null, message: `The file could not be read as CSV here (${e.message}).` };
  }
}

/**
 * Parses an ordering-portal export (one row per order line) into orders with a synthesized
 * history and the accounts and organisations it implies (parse-order-records.ts). Returns every
 * error, or none and the data.
 */
export function parseOrdersCsv(text: string, options: ParseOrdersCsvOptions): ParseResult<ParsedOrders> {
  if (text.startsWith('PK') || text.includes('\u0000'))
    return {
      ok: false,
      errors: [
        {
          row: 1,
          column: null,
          message:
            'This file is not a CSV export but a binary file (an Excel workbook or similar): save it as CSV (comma-separated) and import that.',
        },
      ],
    };
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const syntax = parsed.errors.map(csvSyntaxError);
  // A file with no columns at all: the one message that says so, not every missing column.
  if (parsed.errors.some((e) => e.code === 'UndetectableDelimiter')) return { ok: false, errors: syntax.slice(0, 1) };
  return parseOrderRecords({ fields: parsed.meta.fields ?? [], records: parsed.data, errors: syntax }, options);
}
