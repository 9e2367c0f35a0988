import { useEffect, useRef, useState } from 'preact/hooks';
import type { OrderAction } from '../../messaging/team-messages.ts';

/** A step that waits out its undo time before it is saved. */
export type UndoableAction = Extract<OrderAction, { type: 'delivered' | 'reassignment-cancelled' }>;

/** A delivery or cancellation waiting out its undo time; saved when the time is up or the panel closes. */
interface PendingAction {
  salesOrderNumber: string;
  action: UndoableAction;
  timer: ReturnType<typeof setTimeout>;
}

const pendingText = (p: PendingAction) =>
  p.action.type === 'delivered'
    ? `Order ${p.salesOrderNumber} will be marked delivered to the customer.`
    : `The reassignment of order ${p.salesOrderNumber} will be cancelled.`;

const undoneText = (p: PendingAction) =>
  p.action.type === 'delivered'
    ? `Undone: order ${p.salesOrderNumber} is not marked delivered.`
    : `Undone: the reassignment of order ${p.salesOrderNumber} goes on.`;

/**
 * "Mark delivered" and "Cancel reassignment" with an undo: the step waits `undoMs`, then `save`
 * gets it. One waits at a time (a second saves the first at once), and a panel closed during the
 * undo time saves what was confirmed: a confirmed step is never lost.
 */
export function usePendingAction(
  undoMs: number,
  save: (salesOrderNumber: string, action: UndoableAction) => void,
  undone: (message: string) => void,
) {
  const [pending, setPending] = useState<PendingAction | null>(null);
  const pendingRef = useRef<PendingAction | null>(null);
  pendingRef.current = pending;

  const commit = (p: PendingAction) => {
    clearTimeout(p.timer);
    setPending((current) => (current === p ? null : current));
    save(p.salesOrderNumber, p.action);
  };
  const later = (salesOrderNumber: string, action: UndoableAction) => {
    if (pendingRef.current) commit(pendingRef.current);
    const p: PendingAction = { salesOrderNumber, action, timer: setTimeout(() => commit(p), undoMs) };
    setPending(p);
  };
  const undo = () => {
    if (!pending) return;
    clearTimeout(pending.timer);
    undone(undoneText(pending));
    setPending(null);
  };
  useEffect(() => {
    const flush = () => pendingRef.current && commit(pendingRef.current);
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  });
  const undoBar = pending && (
    <div class="undo" role="status" data-testid="undo">
      <span>{pendingText(pending)}</span>
      <button type="button" onClick={undo}>
        Undo
      </button>
    </div>
  );
  return { later, undoBar };
}
