import { z } from 'zod';
import {
  holdfastSnapshotSchema,
  snapshotFieldsSchema,
  snapshotReferenceIssues,
  type HoldfastSnapshot,
  type SnapshotIssue,
} from '../domain/holdfast-snapshot.ts';
import { orderSchema, type Order } from '../domain/order.ts';
import type { ImportError, ParseResult } from './import-error.ts';

/** Orders checked between two progress reports (and two chances for the page to paint). */
const ORDERS_PER_STEP = 500;

/** Called with how many of the file's orders are read and checked so far, and of how many. */
export type ReadProgress = (read: number, total: number) => void;

const toImportError = (issue: SnapshotIssue | z.core.$ZodIssue): ImportError => ({
  row: 0,
  column: issue.path.length > 0 ? issue.path.join('.') : null,
  message: issue.message,
});

/** Checks a snapshot read from a file in one go: every problem with the path of its field. */
export function checkSnapshot(input: unknown): ParseResult<HoldfastSnapshot> {
  const result = holdfastSnapshotSchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: result.error.issues.map(toImportError) };
}

/** Lets the page paint (and the progress bar move) between two steps. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Checks a snapshot as {@link checkSnapshot} does — the same schema, the same errors — but its
 * orders a few hundred at a time, reporting how many are checked and yielding between steps, so a
 * page importing tens of thousands of orders shows its progress while the file is read.
 */
export async function checkSnapshotInSteps(
  input: unknown,
  onProgress: ReadProgress,
): Promise<ParseResult<HoldfastSnapshot>> {
  const head = snapshotFieldsSchema.extend({ orders: z.array(z.unknown()).default([]) }).safeParse(input);
  if (!head.success) return { ok: false, errors: head.error.issues.map(toImportError) };
  const raw = head.data.orders;
  const orders: Order[] = [];
  const errors: ImportError[] = [];
  onProgress(0, raw.length);
  for (let start = 0; start < raw.length; start += ORDERS_PER_STEP) {
    await nextTask();
    const end = Math.min(raw.length, start + ORDERS_PER_STEP);
    for (let i = start; i < end; i++) {
      const order = orderSchema.safeParse(raw[i]);
      if (order.success) orders.push(order.data);
      else
        errors.push(
          ...order.error.issues.map((issue) => toImportError({ ...issue, path: ['orders', i, ...issue.path] })),
        );
    }
    onProgress(end, raw.length);
  }
  if (errors.length > 0) return { ok: false, errors };
  const snapshot: HoldfastSnapshot = { ...head.data, orders };
  const issues = snapshotReferenceIssues(snapshot);
  return issues.length > 0 ? { ok: false, errors: issues.map(toImportError) } : { ok: true, value: snapshot };
}
