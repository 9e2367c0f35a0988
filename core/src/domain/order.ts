import { z } from 'zod';
import { emailDomainSchema, idSchema, instantSchema } from './common.ts';
import { orderEventSchema } from './order-event.ts';

export const licenseLineSchema = z.object({
  /** Holdfast's number for the line, unique in the order; events name lines by it. */
  lineNumber: z.number().int().positive(),
  /** The line id as CCW writes it ("1.0", "1.1", "2.0"), when the source gave a dotted one. */
  lineId: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)+$/, 'must be a dotted line id such as 1.0 or 2.1')
    .optional(),
  sku: z.string().trim().min(1),
  quantity: z.number().int().positive(),
  /** Subscription term in months; null for a perpetual license. */
  termMonths: z.number().int().positive().nullable().default(null),
});
export type LicenseLine = z.infer<typeof licenseLineSchema>;

export const endCustomerSchema = z.object({
  name: z.string().trim().min(1),
  /** Null when the source does not carry it (the CCW order API names the customer only). */
  emailDomain: emailDomainSchema.nullable().default(null),
  /** The Customer Smart Account, once it is known. */
  smartAccountId: idSchema.nullable().default(null),
});
export type EndCustomer = z.infer<typeof endCustomerSchema>;

/**
 * How the order was bought. "Stocking orders and Enterprise Agreement (EA) orders cannot be
 * assigned to a Smart Account." (LIC225452): such orders are never flagged as if they could be.
 * Absent means a standard (transactional) order.
 */
export const BUYING_PROGRAMS = ['standard', 'enterprise-agreement', 'stocking'] as const;
export const buyingProgramSchema = z.enum(BUYING_PROGRAMS);
export type BuyingProgram = z.infer<typeof buyingProgramSchema>;

/** How CCW names an order's lines: its dotted id where known ("1.1"), else Holdfast's number. */
export const lineLabels = (
  order: { lines: readonly { lineNumber: number; lineId?: string | undefined }[] },
  numbers: readonly number[],
): string => numbers.map((n) => order.lines.find((l) => l.lineNumber === n)?.lineId ?? String(n)).join(', ');

/** Whether an order's licenses can be assigned to a Smart Account at all. */
export const isAssignableOrder = (order: { buyingProgram?: BuyingProgram | undefined }): boolean =>
  (order.buyingProgram ?? 'standard') === 'standard';

/** A party in the chain distributor → reseller's holding account → end customer's account. */
export const channelPartySchema = z.object({
  name: z.string().trim().min(1),
  organizationId: idSchema.nullable().default(null),
});

/**
 * A Smart-license order. Its facts are fixed at ordering; where it sits and what happened to it
 * live only in `history`, an append-only event list whose fold is the order's state.
 */
export const orderSchema = z
  .object({
    /** The sales order number is the order's identity: re-importing it updates the same order. */
    salesOrderNumber: idSchema,
    webOrderId: z.string().trim().min(1),
    poNumber: z.string().trim().min(1),
    endCustomer: endCustomerSchema,
    distributor: channelPartySchema.nullable().default(null),
    reseller: channelPartySchema.nullable().default(null),
    /**
     * Who Cisco bills (CCW's bill-to party), kept apart from the reseller and the distributor: on a
     * distributor's order the bill-to is the distributor, not the reseller whose holding account
     * the order goes to. Absent when the source does not say.
     */
    billTo: channelPartySchema.optional(),
    buyingProgram: buyingProgramSchema.optional(),
    lines: z.array(licenseLineSchema).min(1, 'an order has at least one license line'),
    history: z.array(orderEventSchema).min(1, 'an order history starts with its "placed" event'),
    createdAt: instantSchema,
    updatedAt: instantSchema,
  })
  .superRefine((order, ctx) => {
    const seen = new Set<number>();
    order.lines.forEach((line, index) => {
      if (seen.has(line.lineNumber)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'lineNumber'],
          message: `line number ${line.lineNumber} appears twice`,
        });
      }
      seen.add(line.lineNumber);
    });
  });
export type Order = z.infer<typeof orderSchema>;
export type OrderInput = z.input<typeof orderSchema>;
