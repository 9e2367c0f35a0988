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
 * canonical headers, cells that a spreadsheet would run as formulas escaped. It shows where each order sits now; the JSON backup keeps the whole history.
 */
export function ordersToCsv({ orders, smartAccounts, virtualAccounts }: OrdersToCsvInput): string {
  const accounts = new Map(smartAccounts.map((a) => [a.id, a]));
  const vas = new Map(virtualAccounts.map((va) => [va.id, va]));
  const rows = orders.flatMap((order) => {
    const state = orderState(order);
    const account = state.holder ? accounts.get(state.holder.smartAccountId) : undefined;
    const va = state.holder ? vas.get(state.holder.virtualAccountId) : undefined;
    return order.lines.map((line) => {
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
        endCustomerSmartAccount:
          order.endCustomer.smartAccountId && order.endCustomer.smartAccountId !== account?.id
            ? (accounts.get(order.endCustomer.smartAccountId)?.name ?? '')
            : '',
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
