import { z } from 'zod';

/** Thresholds the best-practice rules use; the team may tune them. */
export const ruleSettingsSchema = z.object({
  /** The seed sets no limit but says "as soon as possible"; 30 days is Holdfast's default alarm. */
  holdingThresholdDays: z.number().int().min(1).max(365).default(30),
  /** "Regularly review orders placed in the Partner Holding Account": how often, by default weekly. */
  reviewIntervalDays: z.number().int().min(1).max(90).default(7),
});
export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

export const DEFAULT_RULE_SETTINGS: RuleSettings = ruleSettingsSchema.parse({});
