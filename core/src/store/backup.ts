import { z } from 'zod';
import { HOLDFAST_FORMAT, holdfastSnapshotSchema, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { DEFAULT_RULE_SETTINGS } from '../domain/settings.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { toOrderRow } from './order-row.ts';
import { activityRowSchema, findingStateRowSchema } from './rows.ts';

/**
 * A JSON backup is a Holdfast JSON file (any reader of the format can open it) plus what only
 * this device keeps: dismissed or snoozed findings and the activity log.
 */
export const holdfastBackupSchema = z.object({
  snapshot: holdfastSnapshotSchema,
  findingStates: z.array(findingStateRowSchema).default([]),
  activityLog: z.array(activityRowSchema).default([]),
});
export type HoldfastBackup = z.infer<typeof holdfastBackupSchema>;

/** Everything the store holds as a snapshot, rows in primary-key order. */
export async function exportSnapshot(db: HoldfastDb, now: Date): Promise<HoldfastSnapshot> {
  return db.transaction(
    'r',
    [
      db.organizations,
      db.smartAccounts,
      db.virtualAccounts,
      db.members,
      db.roleGrants,
      db.orders,
      db.checklistTicks,
      db.settings,
    ],
    async () => ({
      format: HOLDFAST_FORMAT,
      exportedAt: now.toISOString(),
      organizations: await db.organizations.toArray(),
      smartAccounts: await db.smartAccounts.toArray(),
      virtualAccounts: await db.virtualAccounts.toArray(),
      members: await db.members.toArray(),
      roleGrants: await db.roleGrants.toArray(),
      orders: (await db.orders.toArray()).map((row) => row.order),
      checklistTicks: await db.checklistTicks.toArray(),
      settings: (await db.settings.get('rules'))?.value ?? DEFAULT_RULE_SETTINGS,
    }),
  );
}

export async function createBackup(db: HoldfastDb, now: Date): Promise<HoldfastBackup> {
  return db.transaction('r', db.tables, async () => ({
    snapshot: await exportSnapshot(db, now),
    // Parsed so the keys come in schema order: a backup of a restored database is byte-identical.
    findingStates: (await db.findingStates.toArray()).map((row) => findingStateRowSchema.parse(row)),
    activityLog: (await db.activityLog.toArray()).map((row) => activityRowSchema.parse(row)),
  }));
}

/** The backup as a file: the snapshot's fields at the top level, then the device-only tables. */
export function backupToJson(backup: HoldfastBackup): string {
  return JSON.stringify(
    { ...backup.snapshot, findingStates: backup.findingStates, activityLog: backup.activityLog },
    null,
    2,
  );
}

/** Reads a backup file; a plain Holdfast JSON file reads as a backup with no device-only rows. */
export function parseBackupJson(text: string): HoldfastBackup {
  const json = JSON.parse(text) as Record<string, unknown>;
  return holdfastBackupSchema.parse({
    snapshot: json,
    findingStates: json['findingStates'],
    activityLog: json['activityLog'],
  });
}

/** Replaces the whole database by a backup, in one transaction: afterwards it holds exactly the backup. */
export async function restoreBackup(db: HoldfastDb, backup: HoldfastBackup): Promise<void> {
  const { snapshot, findingStates, activityLog } = holdfastBackupSchema.parse(backup);
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
    await db.organizations.bulkAdd(snapshot.organizations);
    await db.smartAccounts.bulkAdd(snapshot.smartAccounts);
    await db.virtualAccounts.bulkAdd(snapshot.virtualAccounts);
    await db.members.bulkAdd(snapshot.members);
    await db.roleGrants.bulkAdd(snapshot.roleGrants);
    await db.orders.bulkAdd(snapshot.orders.map(toOrderRow));
    await db.checklistTicks.bulkAdd(snapshot.checklistTicks);
    await db.settings.put({ key: 'rules', value: snapshot.settings });
    await db.findingStates.bulkAdd(findingStates);
    await db.activityLog.bulkAdd(activityLog);
  });
}
