import { z } from 'zod';

/** Every action the seeds name, in the users' words. */
export const ACTIONS = [
  'view-order',
  // "manage an order": annotate it, tick a checklist step, reassign it.
  'annotate-order',
  'tick-checklist-step',
  'reassign-order',
  'create-virtual-account',
  'delete-virtual-account',
  'rename-virtual-account',
  'categorise-virtual-account',
  'add-member',
  'remove-member',
  'add-member-to-virtual-account',
  'remove-member-from-virtual-account',
  'grant-role',
  'set-up-notifications',
  'approve-access-request',
  'activate-licenses',
  'accept-smart-licensing-agreement',
] as const;
export const actionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof actionSchema>;

export const ORDER_MANAGEMENT_ACTIONS = [
  'annotate-order',
  'tick-checklist-step',
  'reassign-order',
] as const satisfies readonly Action[];
