import { useEffect, useState } from 'preact/hooks';
import type { OrderDetail } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { eventLabel, formatAge, formatDate } from '../shared/format.ts';
import { statusLabel } from '../shared/status-label.ts';
import { ReassignmentSection } from './reassignment-section.tsx';

export interface OrderDetailProps {
  detail: OrderDetail;
  /** Other members looking at this order now (team sync). */
  viewers: readonly { memberId: string; name: string }[];
  /** Why the last tick, review or note was not saved, if it was not. */
  saveError: string;
  onBack(): void;
  onTick(stepId: string, ticked: boolean): void;
  /** Resolves true once saved (the note box then empties), false when not (see `saveError`). */
  onRecord(action: OrderAction): Promise<boolean>;
}

/** An order's state, lifecycle history, findings with their sources, and the reassignment checklist. */
export function OrderDetailView({ detail, viewers, saveError, onBack, onTick, onRecord }: OrderDetailProps) {
  const { item } = detail;
  const nameOf = (memberId: string) => detail.memberNames[memberId] ?? memberId;
  // A tick shows at once; the stored state takes over when the detail reloads or the tick fails.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  useEffect(() => setPending({}), [detail, saveError]);
  const [note, setNote] = useState('');
  return (
    <article class="detail" aria-labelledby="detail-title">
      <button type="button" onClick={onBack} autoFocus>
        ← Back to orders
      </button>
      <h1 id="detail-title">Order {item.salesOrderNumber}</h1>
      <p>
        {item.customerName} · {statusLabel(item.status)} · {formatAge(item.ageDays)}
        <br />
        <span class="muted small">{item.virtualAccountName}</span>
      </p>
      {viewers.length > 0 && (
        <p class="small presence" data-testid="presence">
          Also looking at this order: {viewers.map((v) => v.name).join(', ')}
        </p>
      )}

      <h2>Findings</h2>
      {detail.findings.length === 0 ? (
        <p class="muted">Nothing needs action.</p>
      ) : (
        <ul class="findings">
          {/* The first finding (most severe) is the one to act on; the others say more about it. */}
          {detail.findings.map((f, i) => (
            <li key={i} class={`finding finding-${f.severity}${i > 0 ? ' related' : ''}`}>
              {i === 1 && <div class="small muted">Also about this order:</div>}
              <span class={`badge ${f.severity}`}>{f.severity}</span> {f.message}
              {i === 0 && (
                <div class="small">
                  <strong>Suggested action:</strong> {f.suggestedAction}
                </div>
              )}
              {f.citation && <blockquote class="small muted">{f.citation}</blockquote>}
            </li>
          ))}
        </ul>
      )}

      {saveError && (
        <p class="small error" role="alert">
          Not saved: {saveError}
        </p>
      )}

      <h2>Follow-up</h2>
      {detail.canAnnotate ? (
        <div class="follow-up">
          <button type="button" onClick={() => void onRecord({ type: 'reviewed' })}>
            Mark reviewed
          </button>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void onRecord({ type: 'note-added', text: note }).then((saved) => saved && setNote(''));
            }}
          >
            <label for="note">Add a note for the team</label>
            <textarea
              id="note"
              rows={3}
              maxLength={4000}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
            <button type="submit" disabled={note.trim() === ''}>
              Add note
            </button>
          </form>
        </div>
      ) : (
        <p class="muted small">Your roles let you read this order but not mark it reviewed or add notes.</p>
      )}

      {detail.reassignment && (
        <>
          <h2>Reassignment</h2>
          {detail.canReassign ? (
            <ReassignmentSection reassignment={detail.reassignment} nameOf={nameOf} onRecord={onRecord} />
          ) : (
            <p class="muted small">Your roles let you read this order but not record its reassignment.</p>
          )}
        </>
      )}

      <h2>Reassignment checklist</h2>
      {!detail.canTick && <p class="muted small">Your roles let you read this checklist but not tick it.</p>}
      <ul class="checklist">
        {detail.checklist.map((step) => (
          <li key={step.id}>
            <label class="check">
              <input
                type="checkbox"
                checked={pending[step.id] ?? step.done !== null}
                disabled={!detail.canTick}
                onChange={(e) => {
                  const ticked = e.currentTarget.checked;
                  setPending((steps) => ({ ...steps, [step.id]: ticked }));
                  onTick(step.id, ticked);
                }}
              />
              <span>
                {step.title}
                <span class="small muted block">{step.detail}</span>
                {step.done && (
                  <span class="small block">
                    Ticked by {nameOf(step.done.by)} on {formatDate(step.done.at)}
                  </span>
                )}
                {!step.done && detail.lastChange[step.id]?.ticked === false && (
                  <span class="small block muted">
                    Unticked by {nameOf(detail.lastChange[step.id]!.by)} on {formatDate(detail.lastChange[step.id]!.at)}
                  </span>
                )}
              </span>
            </label>
          </li>
        ))}
      </ul>

      <h2>History</h2>
      <ol class="history small">
        {detail.history.map((event) => (
          <li key={event.id}>
            <strong>{eventLabel(event.type)}</strong> · {formatDate(event.at)} ·{' '}
            <span class="muted">{nameOf(event.by)}</span>
            {event.type === 'note-added' && <div class="note">{event.text}</div>}
          </li>
        ))}
      </ol>
    </article>
  );
}
