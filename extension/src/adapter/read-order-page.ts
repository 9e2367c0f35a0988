import { ORDER_PAGE_SELECTORS } from './order-page-selectors.ts';

/** A choice made in one of the portal's selects: its value and the text the user sees. */
export interface PortalChoice {
  value: string;
  label: string;
}

/** What Holdfast could read from the order form; a field it could not find is null. */
/** A license line as the order form shows it. */
export interface PortalLine {
  sku: string;
  quantity: number;
  /** Null for a perpetual license. */
  termMonths: number | null;
}

export interface OrderPageReading {
  salesOrderNumber: string | null;
  webOrderId: string | null;
  poNumber: string | null;
  customerName: string | null;
  smartAccount: PortalChoice | null;
  virtualAccount: PortalChoice | null;
  /** The lines Holdfast could read whole; a line missing its SKU or a whole quantity is left out. */
  lines: PortalLine[];
}

type Root = Pick<Document, 'querySelector'> & Partial<Pick<Document, 'querySelectorAll'>>;

const textOf = (element: Element | null): string | null => {
  if (!element) return null;
  const raw = 'value' in element && typeof element.value === 'string' ? element.value : element.textContent;
  const text = raw?.trim() ?? '';
  return text === '' ? null : text;
};

const choiceOf = (element: Element | null): PortalChoice | null => {
  if (!element || !('options' in element)) return null;
  const select = element as HTMLSelectElement;
  const value = select.value.trim();
  if (value === '') return null;
  const option = Array.from(select.options).find((o) => o.value === select.value);
  return { value, label: option?.textContent?.trim() || value };
};

const safely = <T>(read: () => T): T | null => {
  try {
    return read();
  } catch {
    // An invalid or changed selector must never break the page: the field is simply unknown.
    return null;
  }
};

const wholeNumber = (text: string | null): number | null => (text !== null && /^\d+$/.test(text) ? Number(text) : null);

const linesOf = (doc: Root): PortalLine[] =>
  safely(() =>
    Array.from(doc.querySelectorAll?.(ORDER_PAGE_SELECTORS.orderLine) ?? []).flatMap((row) => {
      const sku = textOf(row.querySelector(ORDER_PAGE_SELECTORS.lineSku));
      const quantity = wholeNumber(textOf(row.querySelector(ORDER_PAGE_SELECTORS.lineQuantity)));
      const term = textOf(row.querySelector(ORDER_PAGE_SELECTORS.lineTerm));
      const termMonths = wholeNumber(term);
      if (!sku || !quantity || (term !== null && !termMonths)) return [];
      return [{ sku, quantity, termMonths }];
    }),
  ) ?? [];

/** Reads the order form. Never throws and never writes: missing markup gives null fields. */
export function readOrderPage(doc: Root): OrderPageReading {
  const find = (selector: string) => safely(() => doc.querySelector(selector));
  return {
    salesOrderNumber: textOf(find(ORDER_PAGE_SELECTORS.salesOrderNumber)),
    webOrderId: textOf(find(ORDER_PAGE_SELECTORS.webOrderId)),
    poNumber: textOf(find(ORDER_PAGE_SELECTORS.poNumber)),
    customerName: textOf(find(ORDER_PAGE_SELECTORS.customerName)),
    smartAccount: choiceOf(find(ORDER_PAGE_SELECTORS.smartAccount)),
    virtualAccount: choiceOf(find(ORDER_PAGE_SELECTORS.virtualAccount)),
    lines: linesOf(doc),
  };
}
