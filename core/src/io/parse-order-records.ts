import type { Order } from '../domain/order.ts';
import { CELL_SCHEMAS, type CsvLine } from './csv-cells.ts';
import { CSV_COLUMNS, CSV_COLUMN_KEYS, columnOf, type CsvColumn } from './csv-columns.ts';
import { unescapeCsvFormula } from './csv-formula.ts';
import { createDirectoryResolver, type ImpliedDirectory, type KnownDirectory } from './csv-directory.ts';
import type { ImportError, ParseResult } from './import-error.ts';
import { orderFromRows, type OrderRow } from './order-from-rows.ts';

export interface ParseOrdersCsvOptions {
  /** Dates after `now` are refused; new accounts are dated `now`. */
  now: Date;
  /** Who the synthesized events are recorded by. */
  by?: string;
  /** Accounts already known (the local store's), so names resolve to their ids. */
  known?: KnownDirectory;
}

export interface ParsedOrders extends ImpliedDirectory {
  orders: Order[];
}

/** Rows of an order file already split into cells: a CSV, a worksheet, or order-API lines. */
export interface OrderRecords {
  /** The headers as the file spells them. */
  fields: readonly string[];
  records: readonly Record<string, string>[];
  /** Problems found while reading the file itself (syntax), reported with the others. */
  errors?: readonly ImportError[];
  /** Where a record's cell is, for error messages: by default the spreadsheet row and the header. */
  locate?: (index: number, header: string) => { row: number; column: string };
}

export interface ParseOrderRecordsOptions extends ParseOrdersCsvOptions {
  /** The source never says which Smart Account holds an order (the CCW order API): placed events say so. */
  assignmentUnknown?: boolean;
}

const EMPTY_KNOWN: KnownDirectory = { organizations: [], smartAccounts: [], virtualAccounts: [] };

/**
 * The import behind every order file format: the CSV columns, validated cell by cell, all or
 * nothing. Each error names the row and the column (or the field) it is about. The rows of each
 * sales order become one order with the accounts and organisations it implies (order-from-rows.ts).
 */
export function parseOrderRecords(input: OrderRecords, options: ParseOrderRecordsOptions): ParseResult<ParsedOrders> {
  const now = options.now.toISOString();
  const errors: ImportError[] = [...(input.errors ?? [])];
  const locate = input.locate ?? ((index: number, header: string) => ({ row: index + 2, column: header }));

  const headerOf = new Map<CsvColumn, string>();
  for (const field of input.fields) {
    const key = columnOf(field);
    if (!key) continue;
    if (headerOf.has(key))
      errors.push({
        row: 1,
        column: field,
        message: `names the same column as "${headerOf.get(key)}" (${CSV_COLUMNS[key].header}); keep one`,
      });
    else headerOf.set(key, field);
  }
  for (const key of CSV_COLUMN_KEYS) {
    const column = CSV_COLUMNS[key];
    if (column.required && !headerOf.has(key)) {
      errors.push({
        row: 1,
        column: column.header,
        message: `required column is missing; accepted headers: ${[column.header, ...column.variants].join(', ')}`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  // Exports repeat the same values on many rows (order columns on every line, SKUs, dates): each
  // distinct cell value of a column is validated once.
  const memo = new Map(
    CSV_COLUMN_KEYS.map((key) => [key, new Map<string, ReturnType<(typeof CELL_SCHEMAS)[typeof key]['safeParse']>>()]),
  );
  const parseCell = (key: CsvColumn, raw: string) => {
    const seen = memo.get(key)!;
    let result = seen.get(raw);
    if (!result) {
      result = CELL_SCHEMAS[key].safeParse(raw);
      seen.set(raw, result);
    }
    return result;
  };
  const groups = new Map<string, OrderRow[]>();
  input.records.forEach((record, index) => {
    const where = (header: string) => locate(index, header);
    const line: Record<string, unknown> = {};
    let valid = true;
    for (const key of CSV_COLUMN_KEYS) {
      const header = headerOf.get(key);
      const raw = header === undefined ? '' : unescapeCsvFormula((record[header] ?? '').trim());
      if (raw === '' && !CSV_COLUMNS[key].required) {
        line[key] = null;
        continue;
      }
      const result = parseCell(key, raw);
      if (result.success) line[key] = result.data;
      else {
        valid = false;
        errors.push({
          ...where(header ?? CSV_COLUMNS[key].header),
          message: result.error.issues.map((i) => i.message).join('; '),
        });
      }
    }
    if (!valid) return;
    const csvLine = line as CsvLine;
    if (csvLine.orderDate > now)
      errors.push({ ...where(headerOf.get('orderDate')!), message: `${csvLine.orderDate} is in the future` });
    const group = groups.get(csvLine.salesOrderNumber) ?? [];
    group.push({ row: where('').row, index, line: csvLine });
    groups.set(csvLine.salesOrderNumber, group);
  });

  const resolver = createDirectoryResolver(options.known ?? EMPTY_KNOWN, now);
  const context = {
    resolver,
    fail: (index: number) => (column: CsvColumn, message: string) =>
      errors.push({ ...locate(index, headerOf.get(column) ?? CSV_COLUMNS[column].header), message }),
    failRow: (row: number, message: string) => errors.push({ row, column: null, message }),
    by: options.by ?? 'import',
    now,
    assignmentUnknown: options.assignmentUnknown ?? false,
  };
  const orders: Order[] = [];
  for (const [salesOrderNumber, rows] of groups) {
    const order = orderFromRows(salesOrderNumber, rows, context);
    if (order) orders.push(order);
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };
  return { ok: true, value: { ...resolver.implied, orders } };
}
