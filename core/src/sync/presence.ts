import { z } from 'zod';
import { idSchema } from '../domain/common.ts';
import type { Awareness } from 'y-protocols/awareness';

/** What each client shares through awareness: who it is and which order it is looking at. */
export const presenceSchema = z.object({
  user: z.object({ memberId: idSchema, name: z.string() }),
  viewing: z.string().nullable(),
});
export type Presence = z.infer<typeof presenceSchema>;

/** The valid presence states of other clients, by client id; malformed ones are left out. */
export function othersPresence(awareness: Awareness): Map<number, Presence> {
  const result = new Map<number, Presence>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const parsed = presenceSchema.safeParse(state);
    if (parsed.success) result.set(clientId, parsed.data);
  }
  return result;
}
