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
  /** Web order id and PO number, of an order being placed. */
  orderReference: 64,
  sku: 64,
  lines: 200,
} as const;

/** A license line of an order being placed, as its order form shows it. */
const portalLineSchema = z.object({
  sku: bounded(PORTAL_LIMITS.sku),
  quantity: z.int().check(z.positive(), z.lte(1_000_000)),
  termMonths: z.nullable(z.int().check(z.positive(), z.lte(1_200))),
});

/**
 * What the form shows of an order being placed, beyond its number, customer and Smart Account: sent
 * only when all of it could be read, so that "Start tracking this order" can record it.
 */
export const portalDraftSchema = z.object({
  webOrderId: bounded(PORTAL_LIMITS.orderReference),
  poNumber: bounded(PORTAL_LIMITS.orderReference),
  virtualAccount: z.object({
    value: bounded(PORTAL_LIMITS.smartAccountValue),
    label: bounded(PORTAL_LIMITS.smartAccountLabel),
  }),
  lines: z.array(portalLineSchema).check(z.minLength(1), z.maxLength(PORTAL_LIMITS.lines)),
});
export type PortalDraft = z.infer<typeof portalDraftSchema>;

export const portalCheckRequestSchema = z.object({
  type: z.literal('holdfast/portal-check'),
  salesOrderNumber: bounded(PORTAL_LIMITS.salesOrderNumber),
  smartAccount: z.object({
    value: bounded(PORTAL_LIMITS.smartAccountValue),
    label: bounded(PORTAL_LIMITS.smartAccountLabel),
  }),
  /** The end customer the form names: for an order not stored yet, how its customer's account is found. */
  customerName: z.optional(bounded(PORTAL_LIMITS.customerName)),
  draft: z.optional(portalDraftSchema),
});
export type PortalCheckRequest = z.infer<typeof portalCheckRequestSchema>;

export const portalAdviceSchema = z.object({
  salesOrderNumber: z.string(),
  holdingAccountName: z.string(),
  customerAccountName: z.string(),
  /** The order is not stored yet and the form gave all it needs: "Start tracking this order" is offered. */
  canTrack: z.optional(z.boolean()),
});

export const portalCheckResponseSchema = z.object({ advice: z.nullable(portalAdviceSchema) });
export type PortalCheckResponse = z.infer<typeof portalCheckResponseSchema>;

/**
 * "Start tracking this order", from the portal banner or the side panel: records the new order the
 * portal page of a window shows, from what that page's last check told the background (the
 * content script's own window; the side panel names its window). The background builds the order
 * itself and only when its advice still applies.
 */
export const trackPortalOrderRequestSchema = z.object({
  type: z.literal('holdfast/track-portal-order'),
  salesOrderNumber: bounded(PORTAL_LIMITS.salesOrderNumber),
  windowId: z.optional(z.int()),
});
export type TrackPortalOrderRequest = z.infer<typeof trackPortalOrderRequestSchema>;

export const trackPortalOrderResponseSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type TrackPortalOrderResponse = z.infer<typeof trackPortalOrderResponseSchema>;

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
  trackPortalOrderRequestSchema,
  refreshRequestSchema,
  forgetRequestSchema,
  tickRequestSchema,
  orderActionRequestSchema,
  importedNoticeSchema,
  syncStatusRequestSchema,
]);
export type HoldfastRequest = z.infer<typeof requestSchema>;
