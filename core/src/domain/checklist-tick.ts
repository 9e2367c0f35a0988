import { z } from 'zod';
import { idSchema, instantSchema } from './common.ts';

/** One step of an order's reassignment checklist ticked (or unticked) by a member. */
export const checklistTickSchema = z.object({
  salesOrderNumber: idSchema,
  stepId: idSchema,
  ticked: z.boolean(),
  by: idSchema,
  at: instantSchema,
});
export type ChecklistTick = z.infer<typeof checklistTickSchema>;
