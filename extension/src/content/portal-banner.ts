import { readOrderPage, type OrderPageReading } from '../adapter/read-order-page.ts';
import type { PortalCheckResponse, PortalDraft, TrackPortalOrderResponse } from '../messaging/messages.ts';

export const BANNER_HOST_ID = 'holdfast-banner-host';

/** Asks the background whether the order on screen is headed for a holding account needlessly. */
export type AskAdvice = (
  reading: Required<{ salesOrderNumber: string; smartAccount: { value: string; label: string } }> & {
    customerName?: string;
    draft?: PortalDraft;
  },
) => Promise<PortalCheckResponse>;

/** "Start tracking this order": asks the background to record the new order this page shows. */
export type TrackOrder = (salesOrderNumber: string) => Promise<TrackPortalOrderResponse>;

/** What the form shows of an order being placed, when it shows all an order needs; else undefined. */
const draftOf = ({ webOrderId, poNumber, virtualAccount, lines }: OrderPageReading): PortalDraft | undefined =>
  webOrderId && poNumber && virtualAccount && lines.length > 0
    ? { webOrderId, poNumber, virtualAccount, lines }
    : undefined;

const STYLE = `
  :host { all: initial; }
  .banner { position: fixed; right: 16px; bottom: 16px; max-width: 360px; z-index: 2147483647;
    font: 14px/1.4 system-ui, sans-serif; background: #fff8c5; color: #3b2300; border: 1px solid #d4a72c;
    border-radius: 8px; padding: 12px 40px 12px 14px; box-shadow: 0 4px 12px #0003; }
  .banner strong { display: block; margin-bottom: 4px; }
  .close { position: absolute; top: 6px; right: 6px; border: 0; background: transparent; font-size: 18px;
    cursor: pointer; color: inherit; width: 28px; height: 28px; border-radius: 4px; }
  .track { display: block; margin-top: 8px; font: inherit; font-weight: 600; cursor: pointer; color: #fff;
    background: #1f6feb; border: 1px solid #1f6feb; border-radius: 6px; padding: 4px 10px; }
  .track:disabled { opacity: 0.6; cursor: default; }
  .outcome { display: block; margin-top: 8px; font-weight: 600; }
  button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
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
  track?: TrackOrder,
): { check(): Promise<void> } {
  const dismissed = new Set<string>();
  let lastKey = '';

  const remove = () => doc.getElementById(BANNER_HOST_ID)?.remove();

  /** The offer to track a new order: one click records it, and the banner says what happened. */
  const trackButton = (salesOrderNumber: string, track: TrackOrder) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'track';
    button.textContent = 'Start tracking this order';
    const outcome = doc.createElement('span');
    outcome.className = 'outcome';
    outcome.setAttribute('role', 'status');
    button.addEventListener(
      'click',
      () => {
        button.disabled = true;
        track(salesOrderNumber).then(
          (response) => {
            if (response.ok) {
              outcome.textContent = `Holdfast now tracks order ${salesOrderNumber}: it is in the side panel’s list.`;
              button.remove();
            } else {
              outcome.textContent = `Not tracked: ${response.error}`;
              button.disabled = false;
            }
          },
          (error: unknown) => {
            outcome.textContent = 'Not tracked: Holdfast could not be reached. Try again.';
            button.disabled = false;
            onError(error);
          },
        );
      },
      { signal },
    );
    return [button, outcome];
  };

  const show = (salesOrderNumber: string, holding: string, customer: string, canTrack: boolean) => {
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
    close.className = 'close';
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
    banner.append(title, text, ...(canTrack && track ? trackButton(salesOrderNumber, track) : []), close);
    root.append(style, banner);
    doc.body.append(host);
  };

  const check = async () => {
    const reading: OrderPageReading = readOrderPage(doc);
    const { salesOrderNumber, smartAccount, customerName } = reading;
    const draft = draftOf(reading);
    const key = JSON.stringify([salesOrderNumber, smartAccount?.value, customerName, draft]);
    if (key === lastKey) return;
    lastKey = key;
    if (!salesOrderNumber || !smartAccount || dismissed.has(salesOrderNumber)) return remove();
    try {
      const { advice } = await ask({
        salesOrderNumber,
        smartAccount,
        ...(customerName ? { customerName } : {}),
        ...(draft ? { draft } : {}),
      });
      if (signal.aborted || key !== lastKey) return;
      if (advice && !dismissed.has(advice.salesOrderNumber))
        show(advice.salesOrderNumber, advice.holdingAccountName, advice.customerAccountName, advice.canTrack === true);
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
