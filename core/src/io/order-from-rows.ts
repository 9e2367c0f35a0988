import { foldOrderHistory } from '../domain/lifecycle.ts';
import { lineMovesToPlaces, type LinePlaces } from '../domain/line-moves.ts';
import { orderEventSchema, type Assignment, type OrderEventInput } from '../domain/order-event.ts';
import { orderSchema, type Order } from '../domain/order.ts';
import type { CsvLine } from './csv-cells.ts';
import { CSV_COLUMN_KEYS, type CsvColumn } from './csv-columns.ts';
import type { createDirectoryResolver } from './csv-directory.ts';

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

/** One validated row of an order file: its spreadsheet row, its record index and its cells. */
export interface OrderRow {
  row: number;
  index: number;
  line: CsvLine;
}

export interface OrderFromRowsContext {
  resolver: ReturnType<typeof createDirectoryResolver>;
  /** Reports a problem with one cell: the record at `index`, in `column`. */
  fail: (index: number) => (column: CsvColumn, message: string) => void;
  /** Reports a problem with the order as a whole, at its first row. */
  failRow: (row: number, message: string) => void;
  /** Who the synthesized events are recorded by. */
  by: string;
  now: string;
  /** The source never says which Smart Account holds an order (the CCW order API): placed events say so. */
  assignmentUnknown: boolean;
}

/**
 * One order from its rows (one per line), or null after reporting why not: its lines checked to
 * agree on the order's columns, and a synthesized history. Event ids are derived from the sales
 * order number, so importing the same file twice adds nothing. The history (placed, then
 * fulfilment of the order's own lines, then a review) is valid in every lifecycle state, so it
 * needs no fold here; only an order whose lines sit in different places is folded, to move those
 * lines on from where the order was placed.
 */
export function orderFromRows(
  salesOrderNumber: string,
  lines: readonly OrderRow[],
  ctx: OrderFromRowsContext,
): Order | null {
  const { resolver, fail, by, now } = ctx;
  const first = lines[0]!;
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
  if (!consistent) return null;
  const head = first.line;
  // Each line's own place; the order is placed where its least advanced lines are, and the
  // others are moved on from there by the events a member would have recorded (line-moves.ts).
  const places = lines.map(({ index, line }) => resolver.assignment(line, fail(index)));
  if (places.some((p) => p === null)) return null;
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
      ...(ctx.assignmentUnknown && !placement.assignment ? { assignmentUnknown: true } : {}),
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
    for (const issue of result.error.issues) ctx.failRow(first.row, `${issue.path.join('.')}: ${issue.message}`);
    return null;
  }
  return result.data;
}
