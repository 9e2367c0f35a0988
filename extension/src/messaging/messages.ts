import * as z from 'zod/mini';
import {
  importedNoticeSchema,
  orderActionRequestSchema,
  syncStatusRequestSchema,
  tickRequestSchema,
} from './team-messages.ts';

/**
 * Messages between extension parts, validated with zod on both ends (`zod/mini`, so the content
 * script stays small). The content script only asks; it never learns more than the advice for
 * the order on screen.
 */
const nonEmpty = () => z.string().check(z.minLength(1));

export const portalCheckRequestSchema = z.object({
  type: z.literal('holdfast/portal-check'),
  salesOrderNumber: nonEmpty(),
  smartAccount: z.object({ value: nonEmpty(), label: nonEmpty() }),
  /** The end customer the form names: for an order not stored yet, how its customer's account is found. */
  customerName: z.optional(z.string()),
});
export type PortalCheckRequest = z.infer<typeof portalCheckRequestSchema>;

export const portalAdviceSchema = z.object({
  salesOrderNumber: z.string(),
  holdingAccountName: z.string(),
  customerAccountName: z.string(),
});

export const portalCheckResponseSchema = z.object({ advice: z.nullable(portalAdviceSchema) });
export type PortalCheckResponse = z.infer<typeof portalCheckResponseSchema>;

/** Asks the background to refresh the badge and notifications now (after an import, say). */
export const refreshRequestSchema = z.object({ type: z.literal('holdfast/refresh') });

export const requestSchema = z.discriminatedUnion('type', [
  portalCheckRequestSchema,
  refreshRequestSchema,
  tickRequestSchema,
  orderActionRequestSchema,
  importedNoticeSchema,
  syncStatusRequestSchema,
]);
export type HoldfastRequest = z.infer<typeof requestSchema>;
