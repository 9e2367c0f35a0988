import { HOLDFAST_FORMAT, holdfastSnapshotSchema, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { sampleDice } from './sample-dice.ts';
import { generateDirectory } from './sample-directory.ts';
import { generateOrders } from './sample-orders.ts';

export interface SampleOptions {
  /** Same seed, same data: tests and benchmarks rely on it. */
  seed?: number;
  orders?: number;
  /** The generated ages are relative to this instant. */
  now?: Date;
  /** Validate the result with the snapshot schema (skip for very large benchmark sets). */
  validate?: boolean;
}

/**
 * A realistic Holdfast data set: distributors and resellers with their Partner Holding Accounts and
 * Virtual Accounts, customers with and without Smart Accounts (a few small businesses on public
 * e-mail domains), members with roles, and orders at every lifecycle stage with a spread of ages.
 * It deliberately contains a few departures from best practice so every kind of finding shows up.
 */
export function generateSample(options: SampleOptions = {}): HoldfastSnapshot {
  const { seed = 42, orders: orderCount = 240, now = new Date('2026-11-01T09:00:00.000Z'), validate = true } = options;
  // One seeded sequence, drawn in a fixed order (the directory, then the orders): same seed, same data.
  const dice = sampleDice(seed, now);
  const directory = generateDirectory(dice);
  const orders = generateOrders(dice, directory, orderCount);
  const { organizations, smartAccounts, virtualAccounts, members, roleGrants } = directory;

  const snapshot: HoldfastSnapshot = {
    format: HOLDFAST_FORMAT,
    exportedAt: now.toISOString(),
    organizations,
    smartAccounts,
    virtualAccounts,
    members,
    roleGrants,
    orders,
    checklistTicks: [],
    settings: { holdingThresholdDays: 30, reviewIntervalDays: 7 },
  };
  return validate ? holdfastSnapshotSchema.parse(snapshot) : snapshot;
}
