import * as z from 'zod/mini';

/**
 * The popup asks the background for its counts instead of opening the store itself, which keeps
 * the popup's bundle small; `zod/mini` validates both ends for the same reason.
 */
export const summaryRequestSchema = z.object({ type: z.literal('holdfast/summary') });
export type SummaryRequest = z.infer<typeof summaryRequestSchema>;

export const popupSummarySchema = z.object({
  inHolding: z.number(),
  overdue: z.number(),
  dueForReview: z.number(),
  urgent: z.array(
    z.object({ salesOrderNumber: z.string(), customerName: z.string(), ageDays: z.number(), message: z.string() }),
  ),
  /** Orders waiting for their customer by age band (the side panel's chart). */
  aging: z.optional(
    z.array(z.object({ label: z.string(), fromDays: z.number(), count: z.number(), overdue: z.number() })),
  ),
});
export type PopupSummary = z.infer<typeof popupSummarySchema>;

/** `summary` is null while no member is chosen in the options. */
export const summaryResponseSchema = z.object({ summary: z.nullable(popupSummarySchema) });
export type SummaryResponse = z.infer<typeof summaryResponseSchema>;
