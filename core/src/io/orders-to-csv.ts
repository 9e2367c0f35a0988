import Papa from 'papaparse';
import { orderState } from '../domain/lifecycle.ts';
import type { Order } from '../domain/order.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';
import { CSV_COLUMNS, CSV_COLUMN_KEYS, type CsvColumn } from './csv-columns.ts';
import { escapeCsvFormula } from './csv-formula.ts';

export interface OrdersToCsvInput {
  orders: readonly Order[];
  smartAccounts: readonly SmartAccount[];
  virtualAccounts: readonly VirtualAccount[];
}

/**
 * Writes orders in the portal-export layout `parseOrdersCsv` reads, one row per line, with the
 * canonical headers, cells that a spreadsheet would run as formulas escaped. Each row says where
 * its own line sits now (lines are assigned and reassigned one by one) and its line status, so an
 * export imported again, here or elsewhere, puts every line back where it was; the JSON backup
 * keeps the whole history.
 */
export function ordersToCsv({ orders, smartAccounts, virtualAccounts }: OrdersToCsvInput): string {
  const accounts = new Map(smartAccounts.map((a) => [a.id, a]));
  const vas = new Map(virtualAccounts.map((va) => [va.id, va]));
  const rows = orders.flatMap((order) => {
    const state = orderState(order);
    const holderOf = (n: number) => state.placements[n]?.holder ?? null;
    const customerId = order.endCustomer.smartAccountId;
    // The customer's account is named on every row (an order's columns agree) unless every line is in it.
    const customerAccount =
      customerId && order.lines.some((l) => holderOf(l.lineNumber)?.smartAccountId !== customerId)
        ? (accounts.get(customerId)?.name ?? '')
        : '';
    return order.lines.map((line) => {
      const holder = holderOf(line.lineNumber);
      const account = holder ? accounts.get(holder.smartAccountId) : undefined;
      const va = holder ? vas.get(holder.virtualAccountId) : undefined;
      const cells: Record<CsvColumn, string> = {
        salesOrderNumber: order.salesOrderNumber,
        webOrderId: order.webOrderId,
        poNumber: order.poNumber,
        orderDate: state.placedAt,
        endCustomerName: order.endCustomer.name,
        endCustomerDomain: order.endCustomer.emailDomain ?? '',
        lineNumber: line.lineId ?? String(line.lineNumber),
        sku: line.sku,
        quantity: String(line.quantity),
        termMonths: line.termMonths === null ? '' : String(line.termMonths),
        lineStatus: state.lines[line.lineNumber] ?? 'open',
        shippedDate: state.lineShippedAt[line.lineNumber] ?? '',
        smartAccount: account?.name ?? '',
        smartAccountType: account?.kind ?? '',
        smartAccountDomain: account?.emailDomain ?? '',
        smartAccountStatus: account?.status ?? '',
        endCustomerSmartAccount: customerAccount,
        buyingProgram: order.buyingProgram ?? '',
        virtualAccount: va && !va.isDefault ? va.name : '',
        reseller: order.reseller?.name ?? '',
        resellerDomain: '',
        distributor: order.distributor?.name ?? '',
        distributorDomain: '',
        billTo: order.billTo?.name ?? '',
        lastReviewed: state.lastReviewedAt ?? '',
      };
      // A name like "=HYPERLINK(…)" from an imported file must not run when the export is opened.
      return CSV_COLUMN_KEYS.map((key) => escapeCsvFormula(cells[key]));
    });
  });
  return Papa.unparse({ fields: CSV_COLUMN_KEYS.map((key) => CSV_COLUMNS[key].header), data: rows }, { newline: '\n' });
}
