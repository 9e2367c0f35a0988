import { z } from 'zod';
import { idSchema, instantSchema } from '../domain/common.ts';
import { ORDER_STATUSES } from '../domain/lifecycle-state.ts';
import { orderSchema } from '../domain/order.ts';
import { ruleSettingsSchema } from '../domain/settings.ts';

/**
 * The row types of the local store, one per table. Rows of the directory tables (organizations,
 * smartAccounts, virtualAccounts, members, roleGrants) and of checklistTicks are the domain types
 * themselves; the rows below add what only storage needs.
 */

/**
 * An order with the columns derived from `orderState(order)` that the indexes need. Derived
 * columns are recomputed on every write (`toOrderRow`), never edited on their own.
 */
export const orderRowSchema = z.object({
  salesOrderNumber: idSchema,
  order: orderSchema,
  status: z.enum(ORDER_STATUSES),
  /** The holder's Smart Account, or '' while on hold. */
  smartAccountId: z.string(),
  /** The holder's Virtual Account, or its on-hold bucket (`onHoldBucket` in domain/) while on hold. */
  virtualAccountId: z.string(),
  /** When the order entered holding, or when it was placed if it never did: the "oldest first" key. */
  since: instantSchema,
  placedAt: instantSchema,
  updatedAt: instantSchema,
  /**
   * Only for orders sitting in a Partner Holding Account (in holding or reassignment in progress):
   * the last review, or when holding began. Absent otherwise, so the review index is sparse.
   */
  reviewBase: instantSchema.optional(),
  /** Lower-cased sales order number, web order id, PO number, customer name and its words. */
  searchKeys: z.array(z.string()),
  /**
   * The synced document this row is the projection of (its name), written by that document's
   * projection alone; absent for a row that exists only here (imported or edited without sync).
   * Nothing reads, merges or overwrites a row of another document, and losing a document deletes
   * exactly its rows.
   */
  sourceDoc: z.string().optional(),
});
export type OrderRow = z.infer<typeof orderRowSchema>;

export const FINDING_STATES = ['dismissed', 'snoozed'] as const;

/** A finding a member dismissed for good, or snoozed until a date. Key: `${ruleId}|${subjectKey}`. */
export const findingStateRowSchema = z.object({
  key: z.string().min(1),
  ruleId: idSchema,
  subjectKey: z.string().min(1),
  state: z.enum(FINDING_STATES),
  /** For a snooze: when the finding shows again; null for a dismissal. */
  until: instantSchema.nullable(),
  by: idSchema,
  at: instantSchema,
});
export type FindingStateRow = z.infer<typeof findingStateRowSchema>;

/** Settings are keyed rows; today only the rule thresholds. */
export const settingsRowSchema = z.object({ key: z.literal('rules'), value: ruleSettingsSchema });
export type SettingsRow = z.infer<typeof settingsRowSchema>;

export const ACTIVITY_KINDS = ['import', 'restore', 'order-event', 'checklist-tick', 'finding'] as const;

/**
 * Where a change in the activity log came from: a member's edit or a file import on this device.
 * (Changes that arrive through sync are not logged here: their origin is a Yjs transaction's, `SyncOrigin`.)
 */
export const ORIGINS = ['local', 'import'] as const;
export const originSchema = z.enum(ORIGINS);
export type Origin = z.infer<typeof originSchema>;

/** One line of the local activity log: what this device did, newest last (`seq` is auto-incremented). */
export const activityRowSchema = z.object({
  seq: z.number().int().positive().optional(),
  at: instantSchema,
  actorId: idSchema,
  kind: z.enum(ACTIVITY_KINDS),
  origin: originSchema,
  summary: z.string(),
  salesOrderNumber: z.string().nullable(),
});
export type ActivityRow = z.infer<typeof activityRowSchema>;
