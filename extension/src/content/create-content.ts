import { portalCheckResponseSchema, type PortalCheckRequest } from '../messaging/messages.ts';
import { createPortalBanner } from './portal-banner.ts';

type SendMessage = (message: PortalCheckRequest) => Promise<unknown>;

/** Wires the content script: the banner feature, its own abort signal, answers checked with zod. */
export function createContent(doc: Document, sendMessage: SendMessage, signal: AbortSignal): void {
  const banner = createPortalBanner(
    doc,
    async ({ salesOrderNumber, smartAccount, customerName }) =>
      portalCheckResponseSchema.parse(
        await sendMessage({
          type: 'holdfast/portal-check',
          salesOrderNumber,
          smartAccount,
          ...(customerName ? { customerName } : {}),
        }),
      ),
    signal,
    (error) => console.warn('Holdfast: the portal check failed; the page is unchanged.', error),
  );
  void banner.check();
}
