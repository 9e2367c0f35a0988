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
  /** Assigned out of Smart Account hold (in CCW), to the Virtual Account named: the lines named, else every line on hold. */
  z.object({ type: z.literal('assigned'), targetVirtualAccountId: nonEmpty(), lineNumbers: lineNumbers() }),
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

/**
 * Import a file while team sync runs: the background writes the orders the member may import into
 * the team's documents (one writer per row) and the rest into the store. A text file (CSV, JSON) as
 * `text`, an `.xlsx` workbook as base64 bytes (workbook-bytes.ts); 32 MB at most either way.
 */
export const importFileRequestSchema = z.object({
  type: z.literal('holdfast/import-file'),
  content: z.union([
    z.object({ text: z.string().check(z.maxLength(32 * 1024 * 1024)) }),
    z.object({ workbookBase64: z.string().check(z.maxLength(Math.ceil((32 * 1024 * 1024) / 3) * 4)) }),
  ]),
  fileName: nonEmpty(),
});
export type ImportFileRequest = z.infer<typeof importFileRequestSchema>;

const importErrorSchema = z.object({ row: z.number(), column: z.nullable(z.string()), message: z.string() });
/** `handled: false`: sync is off, the page imports into the store itself. */
export const importFileResponseSchema = z.union([
  z.object({ handled: z.literal(false) }),
  z.object({
    handled: z.literal(true),
    outcome: z.union([
      z.object({
        ok: z.literal(true),
        report: z.object({
          added: z.number(),
          updated: z.number(),
          unchanged: z.number(),
          newSmartAccounts: z.number(),
          newVirtualAccounts: z.number(),
          changedOrders: z.array(z.string()),
          changes: z.array(
            z.object({
              salesOrderNumber: z.string(),
              kind: z.enum(['added', 'updated']),
              changes: z.array(z.string()),
            }),
          ),
        }),
        sync: z.object({ shared: z.number(), keptLocal: z.number(), notImported: z.array(z.string()) }),
      }),
      z.object({ ok: z.literal(false), errors: z.array(importErrorSchema) }),
    ]),
  }),
]);
export type ImportFileResponse = z.infer<typeof importFileResponseSchema>;

/**
 * An import with sync on goes through a port, not one message: the background tells how far it is
 * (reading, then saving, as the page's own import does) and then answers. The page sends one
 * `ImportFileRequest` on connecting.
 */
export const IMPORT_PORT = 'holdfast/import';
export const importPortMessageSchema = z.union([
  z.object({
    progress: z.object({ phase: z.enum(['reading', 'saving']), done: z.number(), total: z.number() }),
  }),
  z.object({ response: importFileResponseSchema }),
]);
export type ImportPortMessage = z.infer<typeof importPortMessageSchema>;

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
