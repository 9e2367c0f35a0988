import { z } from 'zod';
import { emailDomainSchema, idSchema, instantSchema } from './common.ts';
import { orderEventSchema } from './order-event.ts';

export const licenseLineSchema = z.object({
  lineNumber: z.number().int().positive(),
  sku: z.string().trim().min(1),
  quantity: z.number().int().positive(),
  /** Subscription term in months; null for a perpetual license. */
  termMonths: z.number().int().positive().nullable().default(null),
});
export type LicenseLine = z.infer<typeof licenseLineSchema>;

export const endCustomerSchema = z.object({
  name: z.string().trim().min(1),
  emailDomain: emailDomainSchema,
  /** The Customer Smart Account, once it is known. */
  smartAccountId: idSchema.nullable().default(null),
});
export type EndCustomer = z.infer<typeof endCustomerSchema>;

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
