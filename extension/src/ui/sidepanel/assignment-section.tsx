import { useState } from 'preact/hooks';
import type { AssignmentView } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { LineChooser, useLineChoice } from './line-choice.tsx';

export interface AssignmentSectionProps {
  assignment: AssignmentView;
  /** Resolves true once saved, false when not (the detail shows why). */
  onRecord(action: OrderAction): Promise<boolean>;
}

/**
 * Records an order's way out of Smart Account hold once it is assigned in CCW: to the customer's
 * Smart Account or the partner's own holding account, line by line as Cisco assigns it (the lines
 * still on hold are all chosen until one is left out), as reassignment by line is offered.
 */
export function AssignmentSection({ assignment, onRecord }: AssignmentSectionProps) {
  const { targets, lines: choosable, partial } = assignment;
  // No preselection: a default would put the order in an account nobody chose.
  const [target, setTarget] = useState('');
  const lines = useLineChoice(choosable);
  if (targets.length === 0)
    return (
      <p class="muted small">
        No active Smart Account to assign it to is known here: import the customer's, or your holding account's.
      </p>
    );
  return (
    <form
      class="reassignment"
      onSubmit={(e) => {
        e.preventDefault();
        void onRecord({
          type: 'assigned',
          targetVirtualAccountId: target,
          ...(lines.lineNumbers ? { lineNumbers: lines.lineNumbers } : {}),
        });
      }}
    >
      <p class="small">
        {partial ? 'Part of the order already has its account. ' : ''}Assign an active Smart Account in CCW ("View or
        change Smart Account Assignments"), then record it here.
      </p>
      <label for="assign-target">Assigned to</label>
      <select id="assign-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
        {target === '' && <option value="">Choose the Smart Account / Virtual Account…</option>}
        {targets.map((t) => (
          <option key={t.virtualAccountId} value={t.virtualAccountId}>
            {t.label}
          </option>
        ))}
      </select>
      <LineChooser
        lines={choosable}
        choice={lines}
        legend="Lines assigned (each line is assigned whole)"
        lineNote="on hold"
      />
      <button type="submit" disabled={target === '' || lines.nothingChosen}>
        {lines.chosenText ? `Record ${lines.chosenText} assigned` : 'Record assigned'}
      </button>
    </form>
  );
}
