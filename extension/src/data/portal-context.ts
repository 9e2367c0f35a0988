import { z } from 'zod';

/**
 * What the portal page in a window shows — the order and the Smart Account chosen — and Holdfast's
 * advice on it. The background writes it to `storage.session` (kept in memory, gone when the
 * browser closes, not readable by content scripts) when the content script asks; the side panel of
 * the same window reads it.
 */
export const portalContextSchema = z.object({
  salesOrderNumber: z.string(),
  smartAccountLabel: z.string(),
  advice: z
    .object({ holdingAccountName: z.string(), customerAccountName: z.string(), citation: z.string() })
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
