import * as z from 'zod/mini';
import {
  importedNoticeSchema,
  importFileRequestSchema,
  orderActionRequestSchema,
  syncStatusRequestSchema,
  tickRequestSchema,
} from './team-messages.ts';

/**
 * Messages between extension parts, validated with zod on both ends (`zod/mini`, so the content
 * script stays small). The content script only asks; it never learns more than the advice for
 * the order on screen.
 */
const bounded = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/**
 * A portal page is not trusted: what its content script reads is bounded (a sales order number is
 * ten digits or so; an account's id and name fit in a few hundred characters).
 */
export const PORTAL_LIMITS = {
  salesOrderNumber: 64,
  smartAccountValue: 256,
  smartAccountLabel: 256,
  customerName: 256,
} as const;

export const portalCheckRequestSchema = z.object({
  type: z.literal('holdfast/portal-check'),
  salesOrderNumber: bounded(PORTAL_LIMITS.salesOrderNumber),
  smartAccount: z.object({
    value: bounded(PORTAL_LIMITS.smartAccountValue),
    label: bounded(PORTAL_LIMITS.smartAccountLabel),
  }),
  /** The end customer the form names: for an order not stored yet, how its customer's account is found. */
  customerName: z.optional(bounded(PORTAL_LIMITS.customerName)),
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

/** The options page asks the background to remove every store, document, the token and the preferences. */
export const forgetRequestSchema = z.object({ type: z.literal('holdfast/forget') });
export type ForgetRequest = z.infer<typeof forgetRequestSchema>;

export const forgetResponseSchema = z.union([
  z.object({ ok: z.literal(true), databases: z.array(z.string()) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ForgetResponse = z.infer<typeof forgetResponseSchema>;

export const requestSchema = z.discriminatedUnion('type', [
  portalCheckRequestSchema,
  refreshRequestSchema,
  forgetRequestSchema,
  tickRequestSchema,
  orderActionRequestSchema,
  importedNoticeSchema,
  importFileRequestSchema,
  syncStatusRequestSchema,
]);
export type HoldfastRequest = z.infer<typeof requestSchema>;
