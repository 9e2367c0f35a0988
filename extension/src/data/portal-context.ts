import { z } from 'zod';
import { portalDraftSchema } from '../messaging/messages.ts';

/**
 * What the portal page in a window shows — the order and the Smart Account chosen — and Holdfast's
 * advice on it. The background writes it to `storage.session` (kept in memory, gone when the
 * browser closes, not readable by content scripts) when the content script asks; the side panel of
 * the same window reads it.
 */
export const portalContextSchema = z.object({
  salesOrderNumber: z.string(),
  smartAccountLabel: z.string(),
  /** The portal's own value of the Smart Account chosen, and the customer the form names. */
  smartAccountValue: z.string().optional(),
  customerName: z.string().optional(),
  /** What the form shows of an order being placed (see portalDraftSchema), when it showed all of it. */
  draft: z.optional(portalDraftSchema),
  advice: z
    .object({
      holdingAccountName: z.string(),
      customerAccountName: z.string(),
      citation: z.string(),
      /** A new order, not stored yet, that "Start tracking this order" can record. */
      canTrack: z.boolean().optional(),
    })
    .nullable(),
  at: z.string(),
});
export type PortalContext = z.infer<typeof portalContextSchema>;

export const portalContextKey = (windowId: number): string => `holdfast:portal-page:${windowId}`;

/** Parses a stored value; anything else (an older shape, nothing) reads as no context. */
export const readPortalContext = (value: unknown): PortalContext | null => {
  const parsed = portalContextSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};
