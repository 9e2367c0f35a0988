import type { HoldfastStore } from '@holdfast/core/store';
import { createCustomerAccountCache } from '../data/customer-account-index.ts';
import { readPortalAdvice } from '../data/portal-advice.ts';
import { portalContextKey, readPortalContext, type PortalContext } from '../data/portal-context.ts';
import { CannotTrackError, trackPortalOrder, type ImportThroughSync } from '../data/track-portal-order.ts';
import type { PortalCheckRequest, PortalCheckResponse, TrackPortalOrderResponse } from '../messaging/messages.ts';

export interface PortalOrdersOptions {
  /** The background's long-lived store: the customer account index stays built between checks. */
  store: HoldfastStore;
  memberId(): Promise<string | null>;
  /** `storage.session`: what the portal page of each window shows, for that window's side panel. */
  session: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
  /** With team sync on, imports into the team's documents (`handled: false` with sync off). */
  importThroughSync: ImportThroughSync;
  now(): Date;
}

/**
 * The portal page's order, seen from the background: its advice ("portal check", asked by the
 * content script on every change of the form) and "Start tracking this order" (asked by the banner
 * or the side panel of the same window), which records from what the last check stored — never
 * from what the asker sends.
 */
export function createPortalOrders(options: PortalOrdersOptions) {
  const { store, session } = options;
  const customers = createCustomerAccountCache(store);

  const check = async (request: PortalCheckRequest, windowId: number | undefined): Promise<PortalCheckResponse> => {
    const memberId = await options.memberId();
    const found = memberId
      ? await readPortalAdvice(
          store,
          memberId,
          request.salesOrderNumber,
          request.smartAccount,
          request.customerName,
          customers.index,
        )
      : null;
    const advice = found && {
      salesOrderNumber: found.salesOrderNumber,
      holdingAccountName: found.holdingAccountName,
      customerAccountName: found.customerAccountName,
      citation: found.citation,
      canTrack: found.newOrder && request.draft !== undefined,
    };
    // The side panel of the same window shows the page's order and the advice too.
    if (windowId !== undefined) {
      const context: PortalContext = {
        salesOrderNumber: request.salesOrderNumber,
        smartAccountLabel: request.smartAccount.label,
        smartAccountValue: request.smartAccount.value,
        ...(request.customerName ? { customerName: request.customerName } : {}),
        ...(request.draft ? { draft: request.draft } : {}),
        advice,
        at: options.now().toISOString(),
      };
      await session.set({ [portalContextKey(windowId)]: context });
    }
    return { advice };
  };

  const track = async (salesOrderNumber: string, windowId: number | undefined): Promise<TrackPortalOrderResponse> => {
    try {
      const memberId = await options.memberId();
      if (!memberId) return { ok: false, error: 'Choose who you are in the options first.' };
      const key = windowId === undefined ? null : portalContextKey(windowId);
      const context = key ? readPortalContext((await session.get(key))[key]) : null;
      if (!context || context.salesOrderNumber !== salesOrderNumber || !context.advice?.canTrack)
        return { ok: false, error: `The portal page no longer shows order ${salesOrderNumber} as a new order.` };
      await trackPortalOrder(
        store,
        memberId,
        context,
        await customers.index(),
        options.now(),
        options.importThroughSync,
      );
      // The page's order is stored now: its advice stays, without the offer to track it.
      await session.set({ [key!]: { ...context, advice: { ...context.advice, canTrack: false } } });
      return { ok: true };
    } catch (error) {
      if (error instanceof CannotTrackError) return { ok: false, error: error.message };
      throw error;
    }
  };

  return { check, track, close: customers.close };
}
