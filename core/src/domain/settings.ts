import { z } from 'zod';

/** Thresholds the best-practice rules use; the team may tune them. */
export const ruleSettingsSchema = z.object({
  /**
   * The seed sets no limit ("there is no time limit for how long an order can remain in a Partner
   * Holding Account") but says "as soon as possible": past this many days an order is overdue, a warning.
   */
  holdingThresholdDays: z.number().int().min(1).max(365).default(30),
  /**
   * Past this many days an order in holding or on hold is critical; absent or null (the default)
   * never: the team decides. Optional so settings stored before it existed read unchanged.
   */
  holdingCriticalDays: z.number().int().min(1).max(3650).nullable().optional(),
  /** "Regularly review orders placed in the Partner Holding Account": how often, by default weekly. */
  reviewIntervalDays: z.number().int().min(1).max(90).default(7),
});
export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

export const DEFAULT_RULE_SETTINGS: RuleSettings = ruleSettingsSchema.parse({});
