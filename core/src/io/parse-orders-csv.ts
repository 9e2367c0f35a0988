import Papa from 'papaparse';
import { foldOrderHistory } from '../domain/lifecycle.ts';
import { lineMovesToPlaces, type LinePlaces } from '../domain/line-moves.ts';
import { orderEventSchema, type Assignment, type OrderEventInput } from '../domain/order-event.ts';
import { orderSchema, type Order } from '../domain/order.ts';
import { CELL_SCHEMAS, type CsvLine } from './csv-cells.ts';
import { CSV_COLUMNS, CSV_COLUMN_KEYS, columnOf, type CsvColumn } from './csv-columns.ts';
import { unescapeCsvFormula } from './csv-formula.ts';
import { createDirectoryResolver, type ImpliedDirectory, type KnownDirectory } from './csv-directory.ts';
import type { ImportError, ParseResult } from './import-error.ts';

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

/**
 * Columns that describe the line: its item, its fulfilment and where it sits (Smart Account and
 * Virtual Account are assigned per line, LIC222301). Every line of an order must agree on the others.
 */
const LINE_COLUMNS: readonly CsvColumn[] = [
  'lineNumber',
  'sku',
  'quantity',
  'termMonths',
  'lineStatus',
  'shippedDate',
  'smartAccount',
  'smartAccountType',
  'smartAccountDomain',
  'smartAccountStatus',
  'virtualAccount',
];
const ORDER_COLUMNS = CSV_COLUMN_KEYS.filter((k) => !LINE_COLUMNS.includes(k));

type Place = { assignment: Assignment | null; pending: boolean };
/** How far a place is along the way to the customer: on hold, in holding, in an account of the customer's. */
const placeRank = (p: Place): number =>
  !p.assignment || p.pending ? 0 : p.assignment.kind === 'partner-holding' ? 1 : 2;
const sameVirtualAccount = (a: Place, b: Place): boolean =>
  a.pending === b.pending && a.assignment?.virtualAccountId === b.assignment?.virtualAccountId;

/** Orders line ids as CCW does: by each dotted part as a number ("2.0" < "10.0", "1.1" < "1.2"). */
function compareLineIds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const EMPTY_KNOWN: KnownDirectory = { organizations: [], smartAccounts: [], virtualAccounts: [] };

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
 * history and the accounts and organisations it implies. Returns every error, or none and the data.
 * Event ids are derived from the sales order number, so importing the same file twice adds nothing.
 * The synthesized history (placed, then fulfilment of the order's own lines, then a review) is
 * valid in every lifecycle state, so it needs no fold here; only an order whose lines sit in
 * different places is folded, to move those lines on from where the order was placed.
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

/**
 * The import behind every order file format: the CSV columns, validated cell by cell, all or
 * nothing. Each error names the row and the column (or the field) it is about.
 */
export function parseOrderRecords(input: OrderRecords, options: ParseOrderRecordsOptions): ParseResult<ParsedOrders> {
  const by = options.by ?? 'import';
  const now = options.now.toISOString();
  const errors: ImportError[] = [...(input.errors ?? [])];
  const locate = input.locate ?? ((index: number, header: string) => ({ row: index + 2, column: header }));
  const parsed = { data: input.records };

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
  const groups = new Map<string, { row: number; index: number; line: CsvLine }[]>();
  parsed.data.forEach((record, index) => {
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
  const orders: Order[] = [];
  for (const [salesOrderNumber, lines] of groups) {
    const first = lines[0]!;
    const fail = (index: number) => (column: CsvColumn, message: string) =>
      errors.push({ ...locate(index, headerOf.get(column) ?? CSV_COLUMNS[column].header), message });
    let consistent = true;
    const seenLines = new Set<string>();
    for (const { index, line } of lines) {
      for (const key of ORDER_COLUMNS) {
        if (line[key] !== first.line[key]) {
          consistent = false;
          fail(index)(
            key,
            `differs from row ${first.row} of sales order ${salesOrderNumber} ("${String(line[key] ?? '')}" vs "${String(first.line[key] ?? '')}"); every line of an order must agree`,
          );
        }
      }
      if (seenLines.has(line.lineNumber)) {
        consistent = false;
        fail(index)('lineNumber', `line ${line.lineNumber} of sales order ${salesOrderNumber} appears twice`);
      }
      seenLines.add(line.lineNumber);
    }
    if (!consistent) continue;
    const head = first.line;
    // Each line's own place; the order is placed where its least advanced lines are, and the
    // others are moved on from there by the events a member would have recorded (line-moves.ts).
    const places = lines.map(({ index, line }) => resolver.assignment(line, fail(index)));
    if (places.some((p) => p === null)) continue;
    const linePlaces = places as Place[];
    const placement = linePlaces.reduce((lead, p) => (placeRank(p) < placeRank(lead) ? p : lead));
    const inCustomerAccount = linePlaces.find((p) => placeRank(p) === 2)?.assignment;
    const customerAccountId = inCustomerAccount
      ? inCustomerAccount.smartAccountId
      : resolver.customerAccount(head, fail(first.index));
    // Plain numbers stay the line's number; CCW's dotted ids ("1.0", "1.1") are kept as lineId and
    // numbered 1, 2, 3… in CCW's order, so events can name the line.
    const dotted = lines.some(({ line }) => line.lineNumber.includes('.'));
    const numbered = [...lines]
      .sort((a, b) => compareLineIds(a.line.lineNumber, b.line.lineNumber))
      .map((entry, index) => ({
        ...entry,
        number: dotted ? index + 1 : Number(entry.line.lineNumber),
        lineId: dotted ? entry.line.lineNumber : undefined,
      }));

    const events: OrderEventInput[] = [
      {
        id: `${salesOrderNumber}:import:placed`,
        type: 'placed',
        at: head.orderDate,
        by,
        assignment: placement.assignment,
        accountPending: placement.pending,
        ...(options.assignmentUnknown && !placement.assignment ? { assignmentUnknown: true } : {}),
      },
    ];
    for (const { index, line, number } of numbered) {
      // A shipped date says the line shipped even where the status column is empty.
      const status = line.lineStatus ?? (line.shippedDate ? 'shipped' : null);
      if (line.shippedDate && (line.shippedDate < head.orderDate || line.shippedDate > now))
        fail(index)('shippedDate', `must fall between the order date ${head.orderDate} and now`);
      if (status === 'booked' || status === 'shipped' || status === 'cancelled') {
        events.push({
          id: `${salesOrderNumber}:import:line-${line.lineNumber}:${status}`,
          type: 'line-fulfilment',
          at: status === 'shipped' && line.shippedDate ? line.shippedDate : head.orderDate,
          by,
          lineNumber: number,
          fulfilment: status,
        });
      }
    }
    if (head.lastReviewed) {
      if (head.lastReviewed < head.orderDate || head.lastReviewed > now)
        fail(first.index)('lastReviewed', `must fall between the order date ${head.orderDate} and now`);
      events.push({
        id: `${salesOrderNumber}:import:reviewed:${head.lastReviewed}`,
        type: 'reviewed',
        at: head.lastReviewed,
        by,
      });
    }
    const placeOf = new Map(lines.map(({ index }, i) => [index, linePlaces[i]!]));
    const scattered = numbered.filter(({ index }) => !sameVirtualAccount(placeOf.get(index)!, placement));
    if (scattered.length > 0) {
      // Lines in different places: only such orders are folded here, to move those lines on.
      const state = foldOrderHistory(
        events.map((e) => orderEventSchema.parse(e)),
        numbered.map((l) => l.number),
      );
      const to: LinePlaces = Object.fromEntries(
        scattered.map(({ index, number }) => {
          const p = placeOf.get(index)!;
          return [number, p.pending ? null : p.assignment];
        }),
      );
      events.push(...lineMovesToPlaces(state, to, { salesOrderNumber, at: head.orderDate, by }));
    }
    const result = orderSchema.safeParse({
      salesOrderNumber,
      webOrderId: head.webOrderId,
      poNumber: head.poNumber,
      endCustomer: {
        name: head.endCustomerName,
        emailDomain: head.endCustomerDomain,
        smartAccountId: customerAccountId,
      },
      ...(head.buyingProgram && head.buyingProgram !== 'standard' ? { buyingProgram: head.buyingProgram } : {}),
      distributor: resolver.distributor(head),
      reseller: resolver.reseller(head),
      ...(head.billTo ? { billTo: { name: head.billTo, organizationId: null } } : {}),
      lines: numbered.map(({ line, number, lineId }) => ({
        lineNumber: number,
        ...(lineId ? { lineId } : {}),
        sku: line.sku,
        quantity: line.quantity,
        termMonths: line.termMonths,
      })),
      history: events,
      createdAt: head.orderDate,
      updatedAt: events.reduce((max, e) => (e.at > max ? e.at : max), head.orderDate),
    });
    if (!result.success) {
      for (const issue of result.error.issues)
        errors.push({ row: first.row, column: null, message: `${issue.path.join('.')}: ${issue.message}` });
      continue;
    }
    orders.push(result.data);
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };
  return { ok: true, value: { ...resolver.implied, orders } };
}
