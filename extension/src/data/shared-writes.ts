import type { ChecklistTick, OrderEventInput } from '@holdfast/core';

/**
 * The write path of a command while team sync runs: the event or tick goes into the document
 * holding the order, and that document's projection updates the store (one writer per row). Each
 * returns false when no synced document holds the order (it exists only here): the store writes it.
 */
export interface SharedWrites {
  tick(tick: ChecklistTick): Promise<boolean>;
  recordEvent(salesOrderNumber: string, event: OrderEventInput): Promise<boolean>;
}
