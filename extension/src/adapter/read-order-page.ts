import { ORDER_PAGE_SELECTORS } from './order-page-selectors.ts';

/** A choice made in one of the portal's selects: its value and the text the user sees. */
export interface PortalChoice {
  value: string;
  label: string;
}

/** What Holdfast could read from the order form; a field it could not find is null. */
export interface OrderPageReading {
  salesOrderNumber: string | null;
  webOrderId: string | null;
  customerName: string | null;
  smartAccount: PortalChoice | null;
  virtualAccount: PortalChoice | null;
}

type Root = Pick<Document, 'querySelector'>;

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

/** Reads the order form. Never throws and never writes: missing markup gives null fields. */
export function readOrderPage(doc: Root): OrderPageReading {
  const find = (selector: string) => safely(() => doc.querySelector(selector));
  return {
    salesOrderNumber: textOf(find(ORDER_PAGE_SELECTORS.salesOrderNumber)),
    webOrderId: textOf(find(ORDER_PAGE_SELECTORS.webOrderId)),
    customerName: textOf(find(ORDER_PAGE_SELECTORS.customerName)),
    smartAccount: choiceOf(find(ORDER_PAGE_SELECTORS.smartAccount)),
    virtualAccount: choiceOf(find(ORDER_PAGE_SELECTORS.virtualAccount)),
  };
}
