import type { ReassignmentWay } from '@holdfast/core';
import * as z from 'zod/mini';

/**
 * Messages between the extension's pages and the background, which holds the team sync: pages
 * never open a WebSocket themselves. Validated with zod on both ends.
 */
const nonEmpty = () => z.string().check(z.minLength(1));

/** Tick or untick a checklist step: stored locally, then sent to the team when sync is on. */
export const tickRequestSchema = z.object({
  type: z.literal('holdfast/tick'),
  salesOrderNumber: nonEmpty(),
  stepId: nonEmpty(),
  ticked: z.boolean(),
});
export type TickRequest = z.infer<typeof tickRequestSchema>;

/** Whether a tick or an order action was stored, and why not. */
export const savedResponseSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SavedResponse = z.infer<typeof savedResponseSchema>;

const REASSIGNMENT_WAYS = ['portal', 'support-case', 'asset-transfer'] as const satisfies readonly ReassignmentWay[];

/** The order lines an action applies to (each line moves whole); absent: the whole order. */
const lineNumbers = () => z.optional(z.array(z.int().check(z.positive())).check(z.minLength(1)));

/**
 * What a member records on an order from its detail; the background adds who, when and an id, and
 * the store checks it against the member's roles and the order's lifecycle.
 */
export const orderActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reviewed') }),
  z.object({ type: z.literal('note-added'), text: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)) }),
  /** The target is named by its Virtual Account; the background looks up where that is. */
  z.object({
    type: z.literal('reassignment-started'),
    targetVirtualAccountId: nonEmpty(),
    via: z.enum(REASSIGNMENT_WAYS),
    lineNumbers: lineNumbers(),
  }),
  z.object({
    type: z.literal('reassignment-cancelled'),
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    lineNumbers: lineNumbers(),
  }),
  z.object({ type: z.literal('delivered'), lineNumbers: lineNumbers() }),
  /** A distributor hands the order to its reseller's Partner Holding Account, named by its Virtual Account. */
  z.object({ type: z.literal('handed-to-reseller'), targetVirtualAccountId: nonEmpty() }),
]);
export type OrderAction = z.infer<typeof orderActionSchema>;

/** Record an order action: stored locally, then sent to the team when sync is on. */
export const orderActionRequestSchema = z.object({
  type: z.literal('holdfast/order-action'),
  salesOrderNumber: nonEmpty(),
  action: orderActionSchema,
});
export type OrderActionRequest = z.infer<typeof orderActionRequestSchema>;

/** An import changed these orders: the background writes them into the team's documents. */
export const importedNoticeSchema = z.object({
  type: z.literal('holdfast/imported'),
  salesOrderNumbers: z.array(nonEmpty()),
});
export type ImportedNotice = z.infer<typeof importedNoticeSchema>;

/** Team sync at a glance, for the side panel and the options page. */
export const syncSummarySchema = z.object({
  status: z.enum(['off', 'needs-permission', 'insecure-relay', 'connecting', 'synced', 'offline', 'unauthorized']),
  /** Who the relay says I am, once known. */
  memberName: z.nullable(z.string()),
  documents: z.number(),
  /** Virtual Accounts whose orders were removed from this computer because a role was revoked. */
  revoked: z.number(),
  /** When every document was last seen in sync with the relay (ISO), if ever since the worker started. */
  lastSyncedAt: z.optional(z.nullable(z.string())),
});
export type SyncSummary = z.infer<typeof syncSummarySchema>;

/** The side panel keeps a port open to the background: it says what it shows, and hears who else looks. */
export const PANEL_PORT = 'holdfast/panel';

export const panelToBackgroundSchema = z.object({
  viewing: z.nullable(z.string()),
  /** "Retry now": documents waiting out their backoff reconnect at once. */
  retryNow: z.optional(z.boolean()),
});
export type PanelToBackground = z.infer<typeof panelToBackgroundSchema>;

export const backgroundToPanelSchema = z.object({
  sync: syncSummarySchema,
  /** Other members looking at the order the panel shows. */
  viewers: z.array(z.object({ memberId: z.string(), name: z.string() })),
});
export type BackgroundToPanel = z.infer<typeof backgroundToPanelSchema>;

export const syncStatusRequestSchema = z.object({ type: z.literal('holdfast/sync-status') });
export const syncStatusResponseSchema = z.object({ sync: syncSummarySchema });
