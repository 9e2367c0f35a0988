import { z } from 'zod';
import { emailDomainSchema, idSchema } from './common.ts';

/**
 * A company in the ordering chain: a partner (reseller), a distributor, or an end customer.
 * The purchasing fields feed the organisation advice of the Partner Holding Account seed.
 */
export const organizationSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1),
  kind: z.enum(['partner', 'distributor', 'customer']),
  emailDomain: emailDomainSchema,
  /** Cisco IDs (CCO IDs) the organisation orders with; B2B partners order for many entities with one. */
  ciscoIds: z.array(z.string().trim().min(1)).default([]),
  purchasing: z
    .object({
      model: z.enum(['centralised', 'regional']),
      /** Regions or countries with their own purchasing department. */
      regions: z.array(z.string().trim().min(1)).default([]),
      hasIndependentSubsidiaries: z.boolean().default(false),
    })
    .nullable()
    .default(null),
});
export type Organization = z.infer<typeof organizationSchema>;

export const isReseller = (organization: Pick<Organization, 'kind'>): boolean =>
  organization.kind === 'partner' || organization.kind === 'distributor';
