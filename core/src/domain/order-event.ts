import { z } from 'zod';
import { idSchema, instantSchema } from './common.ts';
import { smartAccountKindSchema } from './smart-account.ts';

/**
 * Where an order's licenses sit. The account kind travels with the assignment so that the
 * lifecycle fold needs nothing but the history itself. The Virtual Account is always resolved:
 * an order placed with none lands in the Default Virtual Account (Cisco support article).
 */
export const assignmentSchema = z.object({
  smartAccountId: idSchema,
  virtualAccountId: idSchema,
  kind: smartAccountKindSchema,
});
export type Assignment = z.infer<typeof assignmentSchema>;

/**
 * The lines an event applies to, by Holdfast's line number; absent: every line it can apply to.
 * "Smart Account Assignment and Reassignment are always applied to the entire order line."
 * (LIC222301): so lines of one order may go to different accounts, each line whole.
 */
const lineNumbersSchema = z
  .array(z.number().int().positive())
  .min(1, 'name at least one line, or leave the lines out for the whole order')
  .optional();

const eventBase = {
  /** Unique across replicas (for example `${memberId}:${uuid}`), so a merge can de-duplicate. */
  id: idSchema,
  at: instantSchema,
  /** The member who recorded the event. */
  by: idSchema,
};

export const orderEventSchema = z.discriminatedUnion('type', [
  /** Placed in the ordering portal: with an active account, with a pending one, or with none. */
  z.object({
    ...eventBase,
    type: z.literal('placed'),
    assignment: assignmentSchema.nullable(),
    accountPending: z.boolean().default(false),
    /** The source never said which Smart Account holds the order (the CCW order API does not). */
    assignmentUnknown: z.boolean().optional(),
  }),
  /** An order on Smart Account hold gets its account: all its lines on hold, or the lines named. */
  z.object({ ...eventBase, type: z.literal('assigned'), assignment: assignmentSchema, lineNumbers: lineNumbersSchema }),
  z.object({
    ...eventBase,
    type: z.literal('reassignment-started'),
    target: assignmentSchema,
    /** The portal while it still can; a licensing support case or an asset transfer after booking/shipping. */
    via: z.enum(['portal', 'support-case', 'asset-transfer']),
    lineNumbers: lineNumbersSchema,
  }),
  z.object({
    ...eventBase,
    type: z.literal('reassignment-cancelled'),
    reason: z.string().trim().min(1),
    lineNumbers: lineNumbersSchema,
  }),
  /** The licenses reached the Customer Smart Account: the subscription timer starts now. */
  z.object({ ...eventBase, type: z.literal('delivered'), lineNumbers: lineNumbersSchema }),
  /**
   * A distributor that parked the order in its own Partner Holding Account hands it to its
   * reseller's Partner Holding Account: "If a distributor creates the software license order in
   * Cisco Commerce Workspace (CCW), the distributor can assign the order to their reseller’s
   * Partner Holding Account." The order stays in holding; the reseller reassigns it on.
   */
  z.object({ ...eventBase, type: z.literal('handed-to-reseller'), assignment: assignmentSchema }),
  z.object({ ...eventBase, type: z.literal('consumption-started') }),
  z.object({
    ...eventBase,
    type: z.literal('line-fulfilment'),
    lineNumber: z.number().int().positive(),
    /** A cancelled line needs nothing more. */
    fulfilment: z.enum(['booked', 'shipped', 'cancelled']),
  }),
  z.object({ ...eventBase, type: z.literal('reviewed') }),
  z.object({ ...eventBase, type: z.literal('note-added'), text: z.string().trim().min(1).max(4000) }),
  z.object({ ...eventBase, type: z.literal('activation-attempted'), smartAccountId: idSchema }),
  z.object({ ...eventBase, type: z.literal('agreement-accepted'), smartAccountId: idSchema }),
]);
export type OrderEvent = z.infer<typeof orderEventSchema>;
export type OrderEventInput = z.input<typeof orderEventSchema>;
export type OrderEventType = OrderEvent['type'];
