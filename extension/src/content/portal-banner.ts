import { readOrderPage, type OrderPageReading } from '../adapter/read-order-page.ts';
import type { PortalCheckResponse } from '../messaging/messages.ts';

export const BANNER_HOST_ID = 'holdfast-banner-host';

/** Asks the background whether the order on screen is headed for a holding account needlessly. */
export type AskAdvice = (
  reading: Required<{ salesOrderNumber: string; smartAccount: { value: string; label: string } }> & {
    customerName?: string;
  },
) => Promise<PortalCheckResponse>;

const STYLE = `
  :host { all: initial; }
  .banner { position: fixed; right: 16px; bottom: 16px; max-width: 360px; z-index: 2147483647;
    font: 14px/1.4 system-ui, sans-serif; background: #fff8c5; color: #3b2300; border: 1px solid #d4a72c;
    border-radius: 8px; padding: 12px 40px 12px 14px; box-shadow: 0 4px 12px #0003; }
  .banner strong { display: block; margin-bottom: 4px; }
  button { position: absolute; top: 6px; right: 6px; border: 0; background: transparent; font-size: 18px;
    cursor: pointer; color: inherit; width: 28px; height: 28px; border-radius: 4px; }
  button:focus-visible { outline: 2px solid #0969da; }
  @media (prefers-color-scheme: dark) { .banner { background: #3b2e00; color: #f5e0a0; border-color: #9e6a03; } }
`;

/**
 * Shows one dismissible banner, inside a closed shadow root, when the Smart Account chosen on the order
 * form is a Partner Holding Account while the customer's own Smart Account is already known.
 * Reads the page and adds its own host element; never changes anything else.
 */
export function createPortalBanner(
  doc: Document,
  ask: AskAdvice,
  signal: AbortSignal,
  onError: (error: unknown) => void,
): { check(): Promise<void> } {
  const dismissed = new Set<string>();
  let lastKey = '';

  const remove = () => doc.getElementById(BANNER_HOST_ID)?.remove();

  const show = (salesOrderNumber: string, holding: string, customer: string) => {
    remove();
    const host = doc.createElement('div');
    host.id = BANNER_HOST_ID;
    // Closed: the page's scripts can neither read the advice (customer names) nor restyle or click it.
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    const banner = doc.createElement('div');
    banner.className = 'banner';
    banner.setAttribute('role', 'status');
    const title = doc.createElement('strong');
    title.textContent = 'Holdfast: the customer already has a Smart Account';
    const text = doc.createElement('span');
    text.textContent = `Order ${salesOrderNumber} is set to the Partner Holding Account “${holding}”, but ${customer}’s own Smart Account is known. Assign the order to “${customer}” so the licenses reach the customer.`;
    const close = doc.createElement('button');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss Holdfast notice');
    close.textContent = '×';
    close.addEventListener(
      'click',
      () => {
        dismissed.add(salesOrderNumber);
        remove();
      },
      { signal },
    );
    banner.append(title, text, close);
    root.append(style, banner);
    doc.body.append(host);
  };

  const check = async () => {
    const reading: OrderPageReading = readOrderPage(doc);
    const { salesOrderNumber, smartAccount, customerName } = reading;
    const key = `${salesOrderNumber}|${smartAccount?.value ?? ''}|${customerName ?? ''}`;
    if (key === lastKey) return;
    lastKey = key;
    if (!salesOrderNumber || !smartAccount || dismissed.has(salesOrderNumber)) return remove();
    try {
      const { advice } = await ask({ salesOrderNumber, smartAccount, ...(customerName ? { customerName } : {}) });
      if (signal.aborted || key !== lastKey) return;
      if (advice && !dismissed.has(advice.salesOrderNumber))
        show(advice.salesOrderNumber, advice.holdingAccountName, advice.customerAccountName);
      else remove();
    } catch (error) {
      // Refused (too many checks from this tab) or failed: the next change of the form asks again.
      if (key === lastKey) lastKey = '';
      onError(error);
    }
  };

  doc.addEventListener('change', () => void check(), { signal });
  doc.addEventListener('input', () => void check(), { signal });
  signal.addEventListener('abort', remove);
  return { check };
}
