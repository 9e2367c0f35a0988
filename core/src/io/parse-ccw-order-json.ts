import type { ImportError, ParseResult } from './import-error.ts';
import { CSV_COLUMNS, type CsvColumn } from './csv-columns.ts';
import { parseOrderRecords, type ParsedOrders, type ParseOrdersCsvOptions } from './parse-order-records.ts';

/**
 * Where each column of the import is read in a CCW Order API response (the OAGIS
 * `ShowPurchaseOrder` document), as the public clients read it: CiscoSE/ccwquery `ccwparser.py`
 * and gve-sw/gve_devnet_ccw_order_delivery_date_tracker `src/ccwparser.py` (header: BillToParty,
 * Party, Status, SalesOrderReference, ShipToParty, TotalAmount; lines: Item.ID, Item.Lot.Quantity,
 * SalesOrderReference.LineNumberID, ExtendedAmount, PromisedDeliveryDateTime). The web order is the
 * `DocumentReference` and the purchase order the header `ID`, the keys ccwquery's request asks by;
 * the order date is OAGIS's header `DocumentDateTime`. Paths are relative to the purchase order.
 */
const HEADER_PATHS = {
  salesOrderNumber: ['PurchaseOrderHeader', 'SalesOrderReference', 0, 'ID', 'value'],
  webOrderId: ['PurchaseOrderHeader', 'DocumentReference', 0, 'ID', 'value'],
  poNumber: ['PurchaseOrderHeader', 'ID', 'value'],
  orderDate: ['PurchaseOrderHeader', 'DocumentDateTime'],
  endCustomerName: ['PurchaseOrderHeader', 'Party', 0, 'Name', 0, 'value'],
  // The bill-to party is kept as bill-to, and taken as the reseller (the response names no other partner).
  reseller: ['PurchaseOrderHeader', 'BillToParty', 'Name', 0, 'value'],
  billTo: ['PurchaseOrderHeader', 'BillToParty', 'Name', 0, 'value'],
  lineStatus: ['PurchaseOrderHeader', 'Status', 0, 'Description', 'value'],
} as const satisfies Partial<Record<CsvColumn, readonly (string | number)[]>>;

const LINE_PATHS = {
  lineNumber: ['SalesOrderReference', 'LineNumberID', 'value'],
  sku: ['Item', 'ID', 'value'],
  quantity: ['Item', 'Lot', 0, 'Quantity', 'value'],
  lineStatus: ['Status', 0, 'Description', 'value'],
} as const satisfies Partial<Record<CsvColumn, readonly (string | number)[]>>;

type Path = readonly (string | number)[];

function at(data: unknown, path: Path): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  // OAGIS wraps many values as { value: … }; a date may come either way.
  if (node !== null && typeof node === 'object' && 'value' in node) return (node as { value: unknown }).value;
  return node;
}

/** A cell as the CSV import reads it. */
function cell(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : '';
}

/** A quantity the API may write as 10 or "10.0": whole numbers as the CSV import reads them. */
const quantityCell = (value: string): string =>
  /^\d+\.0+$/.test(value.trim()) ? value.trim().replace(/\.0+$/, '') : value;

const pathText = (prefix: string, path: Path) =>
  `${prefix}.${path.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.')}`.replace(/\.\[/g, '[');

/** Whether parsed JSON is one CCW order API response, or a list of them. */
export const isCcwOrderJson = (json: unknown): boolean =>
  (Array.isArray(json) ? json : [json]).some(
    (item) => item !== null && typeof item === 'object' && 'ShowPurchaseOrder' in item,
  );

/**
 * Reads CCW Order API responses (one `ShowPurchaseOrder` document, or an array of them) directly,
 * through the same all-or-nothing import as a CSV export: one record per order line, every error
 * naming the response, the line and the field path. The API says nothing of Smart Accounts, so the
 * orders are recorded as placed with no known assignment (`assignmentUnknown`).
 */
export function parseCcwOrderJson(json: unknown, options: ParseOrdersCsvOptions): ParseResult<ParsedOrders> {
  const responses = Array.isArray(json) ? json : [json];
  const records: Record<string, string>[] = [];
  const paths: Record<string, string>[] = [];
  const errors: ImportError[] = [];
  responses.forEach((response, r) => {
    const base = Array.isArray(json)
      ? `[${r}].ShowPurchaseOrder.value.DataArea.PurchaseOrder`
      : 'ShowPurchaseOrder.value.DataArea.PurchaseOrder';
    const purchaseOrders = at(response, ['ShowPurchaseOrder', 'value', 'DataArea', 'PurchaseOrder']);
    if (!Array.isArray(purchaseOrders) || purchaseOrders.length === 0) {
      errors.push({ row: r + 1, column: base, message: 'is not a CCW order API response: no PurchaseOrder' });
      return;
    }
    purchaseOrders.forEach((po, p) => {
      const prefix = `${base}[${p}]`;
      const lines = at(po, ['PurchaseOrderLine']);
      if (!Array.isArray(lines) || lines.length === 0) {
        errors.push({ row: r + 1, column: `${prefix}.PurchaseOrderLine`, message: 'an order has at least one line' });
        return;
      }
      const so = cell(at(po, HEADER_PATHS.salesOrderNumber));
      lines.forEach((line, l) => {
        const record: Record<string, string> = {};
        const where: Record<string, string> = {};
        for (const [key, path] of Object.entries(HEADER_PATHS) as [CsvColumn, Path][]) {
          record[CSV_COLUMNS[key].header] = cell(at(po, path));
          where[CSV_COLUMNS[key].header] = pathText(prefix, path);
        }
        // Without a web order or PO reference the order is named by its sales order number.
        record[CSV_COLUMNS.webOrderId.header] ||= so;
        record[CSV_COLUMNS.poNumber.header] ||= so;
        for (const [key, path] of Object.entries(LINE_PATHS) as [CsvColumn, Path][]) {
          const raw = cell(at(line, path));
          const value = key === 'quantity' ? quantityCell(raw) : raw;
          if (value !== '' || key !== 'lineStatus') {
            record[CSV_COLUMNS[key].header] = value;
            where[CSV_COLUMNS[key].header] = pathText(`${prefix}.PurchaseOrderLine[${l}]`, path);
          }
        }
        records.push(record);
        paths.push(where);
      });
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  const fields = [...new Set([...Object.keys(HEADER_PATHS), ...Object.keys(LINE_PATHS)])].map(
    (key) => CSV_COLUMNS[key as CsvColumn].header,
  );
  return parseOrderRecords(
    {
      fields,
      records,
      // row: the order line's position in the file (1 = the first line of the first order).
      locate: (index, header) => ({ row: index + 1, column: paths[index]?.[header] ?? header }),
    },
    { ...options, assignmentUnknown: true },
  );
}
