import {
  portalCheckRequestSchema,
  portalCheckResponseSchema,
  trackPortalOrderResponseSchema,
  type PortalCheckRequest,
  type TrackPortalOrderRequest,
} from '../messaging/messages.ts';
import { createPortalBanner } from './portal-banner.ts';

type SendMessage = (message: PortalCheckRequest | TrackPortalOrderRequest) => Promise<unknown>;

/** Wires the content script: the banner feature, its own abort signal, answers checked with zod. */
export function createContent(doc: Document, sendMessage: SendMessage, signal: AbortSignal): void {
  const banner = createPortalBanner(
    doc,
    async ({ salesOrderNumber, smartAccount, customerName, draft }) => {
      const request = portalCheckRequestSchema.safeParse({
        type: 'holdfast/portal-check',
        salesOrderNumber,
        smartAccount,
        ...(customerName ? { customerName } : {}),
        ...(draft ? { draft } : {}),
      });
      // What the page shows is outside the bounds the background accepts: not an order Holdfast knows.
      if (!request.success) return { advice: null };
      return portalCheckResponseSchema.parse(await sendMessage(request.data));
    },
    signal,
    (error) => console.warn('Holdfast: the portal check failed; the page is unchanged.', error),
    async (salesOrderNumber) =>
      trackPortalOrderResponseSchema.parse(
        await sendMessage({ type: 'holdfast/track-portal-order', salesOrderNumber } satisfies TrackPortalOrderRequest),
      ),
  );
  void banner.check();
}
