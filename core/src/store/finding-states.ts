import type { FindingSubject } from '../rules/rule.ts';
import { subjectKey } from '../rules/rule.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { findingStateRowSchema, type FindingStateRow } from './rows.ts';

export interface FindingRef {
  ruleId: string;
  subject: FindingSubject;
}

export const findingKeyOf = (ref: FindingRef): string => `${ref.ruleId}|${subjectKey(ref.subject)}`;

/** Dismisses a finding for good, or snoozes it until `until`; the member and time are kept. */
export async function setFindingState(
  db: HoldfastDb,
  ref: FindingRef,
  change: { state: 'dismissed' | 'snoozed'; until: string | null; by: string; at: string },
): Promise<FindingStateRow> {
  const row = findingStateRowSchema.parse({
    key: findingKeyOf(ref),
    ruleId: ref.ruleId,
    subjectKey: subjectKey(ref.subject),
    ...change,
  });
  if (row.state === 'snoozed' && row.until === null)
    throw new RangeError(
      'A snooze needs `until`, the instant the finding shows again; use state "dismissed" to hide it for good.',
    );
  await db.transaction('rw', [db.findingStates, db.activityLog], async () => {
    await db.findingStates.put(row);
    await db.activityLog.add({
      at: row.at,
      actorId: row.by,
      kind: 'finding',
      origin: 'local',
      summary: `${row.state} ${row.key}${row.until ? ` until ${row.until}` : ''}`,
      salesOrderNumber: ref.subject.kind === 'order' ? ref.subject.salesOrderNumber : null,
    });
  });
  return row;
}

export async function clearFindingState(db: HoldfastDb, ref: FindingRef): Promise<void> {
  await db.findingStates.delete(findingKeyOf(ref));
}

/** Keys of findings hidden at `now`: dismissed ones, and snoozed ones whose snooze has not ended. */
export async function hiddenFindingKeys(db: HoldfastDb, now: Date): Promise<Set<string>> {
  const at = now.toISOString();
  const rows = await db.findingStates.toArray();
  return new Set(rows.filter((r) => r.state === 'dismissed' || (r.until !== null && r.until > at)).map((r) => r.key));
}
