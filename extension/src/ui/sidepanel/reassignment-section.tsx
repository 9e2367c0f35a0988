import type { ReassignmentWay } from '@holdfast/core';
import { useState } from 'preact/hooks';
import type { ReassignmentView } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { formatDateTime } from '../shared/format.ts';
import { LineChooser, linesText, useLineChoice } from './line-choice.tsx';

const WAY_LABELS: Record<ReassignmentWay, string> = {
  portal: 'In the ordering portal (CCW)',
  'support-case': 'Licensing support case',
  'asset-transfer': 'Asset transfer',
};
/** The same, within a sentence: "To … in the ordering portal, started …". */
const WAY_PHRASES: Record<ReassignmentWay, string> = {
  portal: 'in the ordering portal',
  'support-case': 'through a licensing support case',
  'asset-transfer': 'by an asset transfer',
};

export interface ReassignmentSectionProps {
  reassignment: ReassignmentView;
  nameOf(memberId: string): string;
  /** Resolves true once saved, false when not (the detail shows why). */
  onRecord(action: OrderAction): Promise<boolean>;
  /** Keeps element ids unique when several reassignments of one order show at once. */
  idSuffix?: string;
}

/** Records the order's way out of holding: reassignment started, then delivered or cancelled. */
export function ReassignmentSection({ reassignment, nameOf, onRecord, idSuffix = '' }: ReassignmentSectionProps) {
  return reassignment.stage === 'started' ? (
    <ReassignmentUnderway reassignment={reassignment} nameOf={nameOf} onRecord={onRecord} idSuffix={idSuffix} />
  ) : (
    <StartReassignment reassignment={reassignment} onRecord={onRecord} />
  );
}

function StartReassignment({
  reassignment,
  onRecord,
}: {
  reassignment: Extract<ReassignmentView, { stage: 'not-started' }>;
  onRecord: ReassignmentSectionProps['onRecord'];
}) {
  const { targets, customerKnown, defaultTarget, ways, portalClosed } = reassignment;
  // No preselection unless the order names the customer's account: a default would be someone else's.
  const [target, setTarget] = useState(defaultTarget ?? '');
  const warning = targets.find((t) => t.assignment.virtualAccountId === target)?.warning ?? null;
  const [via, setVia] = useState<ReassignmentWay>(ways[0]!);
  const choosable = reassignment.lines;
  const lines = useLineChoice(choosable);
  if (targets.length === 0) {
    return (
      <p class="muted small">
        No customer Smart Account is known here yet: import one, or have the customer create theirs.
      </p>
    );
  }
  return (
    <form
      class="reassignment"
      onSubmit={(e) => {
        e.preventDefault();
        void onRecord({
          type: 'reassignment-started',
          targetVirtualAccountId: target,
          via,
          ...(lines.lineNumbers ? { lineNumbers: lines.lineNumbers } : {}),
        });
      }}
    >
      {!customerKnown && (
        <p class="small muted">
          The customer's Smart Account is not known yet: choose theirs (accounts matching their domain or name first).
        </p>
      )}
      <label for="reassign-target">Reassign to</label>
      <select id="reassign-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
        {target === '' && <option value="">Choose the customer's Virtual Account…</option>}
        {targets.map((t) => (
          <option key={t.assignment.virtualAccountId} value={t.assignment.virtualAccountId}>
            {t.label}
            {t.match === 'domain' ? ' (domain matches)' : t.match === 'name' ? ' (name matches)' : ''}
          </option>
        ))}
      </select>
      {warning && (
        <p class="small finding-warning" role="alert">
          {warning}
        </p>
      )}
      <LineChooser lines={choosable} choice={lines} legend="Lines to reassign (each line moves whole)" />
      <label for="reassign-via">How</label>
      <select id="reassign-via" value={via} onChange={(e) => setVia(e.currentTarget.value as ReassignmentWay)}>
        {ways.map((way) => (
          <option key={way} value={way}>
            {WAY_LABELS[way]}
          </option>
        ))}
      </select>
      {portalClosed && (
        <div class="small">
          {portalClosed.reason}
          <blockquote class="muted">{portalClosed.citation}</blockquote>
        </div>
      )}
      <button type="submit" disabled={target === '' || lines.nothingChosen}>
        {lines.chosenText ? `Record reassignment of ${lines.chosenText} started` : 'Record reassignment started'}
      </button>
    </form>
  );
}

function ReassignmentUnderway({
  reassignment,
  nameOf,
  onRecord,
  idSuffix,
}: {
  reassignment: Extract<ReassignmentView, { stage: 'started' }>;
  nameOf: ReassignmentSectionProps['nameOf'];
  onRecord: ReassignmentSectionProps['onRecord'];
  idSuffix: string;
}) {
  // Only part of the order: delivered and cancelled name its lines.
  const lines = reassignment.lines;
  const only = lines ? { lineNumbers: lines.map((l) => l.lineNumber) } : {};
  const [reason, setReason] = useState('');
  /** Delivered and cancelled are asked twice: delivered cannot be taken back once saved. */
  const [confirming, setConfirming] = useState<'delivered' | 'cancel' | null>(null);
  return (
    <div class="reassignment">
      <p data-testid="reassignment-underway">
        {lines && <>{linesText(lines).replace(/^l/, 'L')}: </>}
        To <strong>{reassignment.target}</strong> {WAY_PHRASES[reassignment.via]}, started{' '}
        {formatDateTime(reassignment.startedAt)} by {nameOf(reassignment.by)}.
      </p>
      {confirming === 'delivered' ? (
        <div class="confirm" role="group" aria-label="Confirm delivery">
          <p class="small">
            Mark the licenses {lines ? `of ${linesText(lines)} ` : ''}delivered to{' '}
            <strong>{reassignment.target}</strong>? {lines ? 'Those lines leave' : 'The order leaves'} holding for the
            whole team and {lines ? 'their' : 'its'} subscription starts. You can undo it for a few seconds.
          </p>
          <p class="buttons">
            <button
              type="button"
              class="primary"
              autoFocus
              onClick={() => {
                setConfirming(null);
                void onRecord({ type: 'delivered', ...only });
              }}
            >
              Yes, mark delivered
            </button>{' '}
            <button type="button" onClick={() => setConfirming(null)}>
              Not yet
            </button>
          </p>
        </div>
      ) : (
        <button type="button" class="primary" onClick={() => setConfirming('delivered')}>
          Mark delivered to the customer
        </button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (confirming !== 'cancel') {
            setConfirming('cancel');
            return;
          }
          setConfirming(null);
          void onRecord({ type: 'reassignment-cancelled', reason, ...only }).then((saved) => saved && setReason(''));
        }}
      >
        <label for={`cancel-reason${idSuffix}`}>Why cancel it?</label>
        <input
          id={`cancel-reason${idSuffix}`}
          type="text"
          maxLength={500}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        {confirming === 'cancel' ? (
          <div class="confirm" role="group" aria-label="Confirm cancelling">
            <p class="small">
              {lines ? `${linesText(lines).replace(/^l/, 'L')} go` : 'The order goes'} back to waiting in holding.
              Cancel the reassignment?
            </p>
            <p class="buttons">
              <button type="submit" autoFocus>
                Yes, cancel reassignment
              </button>{' '}
              <button type="button" onClick={() => setConfirming(null)}>
                Keep it
              </button>
            </p>
          </div>
        ) : (
          <button type="submit" disabled={reason.trim() === ''}>
            Cancel reassignment
          </button>
        )}
      </form>
    </div>
  );
}
