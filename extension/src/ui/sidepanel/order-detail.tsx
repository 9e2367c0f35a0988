import { useEffect, useState } from 'preact/hooks';
import { ccwOrderUrl } from '../../data/ask-customer.ts';
import type { OrderDetail } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { CopyButton } from '../shared/copy-button.tsx';
import { eventLabel, formatAge, formatDateTime, readableMemberId } from '../shared/format.ts';
import { statusLabel } from '../shared/status-label.ts';
import { AskCustomerSection } from './ask-customer-section.tsx';
import { FindingsList } from './findings-list.tsx';
import { AssignmentSection } from './assignment-section.tsx';
import { HandOffSection } from './hand-off-section.tsx';
import { ReassignmentSection } from './reassignment-section.tsx';

export interface OrderDetailProps {
  detail: OrderDetail;
  /** The member reading it: signs the e-mail to the customer. */
  memberId?: string;
  /** Other members looking at this order now (team sync). */
  viewers: readonly { memberId: string; name: string }[];
  /** Why the last tick, review or note was not saved, if it was not. */
  saveError: string;
  onBack(): void;
  onTick(stepId: string, ticked: boolean): void;
  /** Resolves true once saved (the note box then empties), false when not (see `saveError`). */
  onRecord(action: OrderAction): Promise<boolean>;
}

/**
 * An order as a rep works it: what it is (numbers to copy, a link into CCW), then what to do next
 * (ask the customer, review, reassign), then the findings collapsed to their headline, the
 * checklist, notes and history.
 */
export function OrderDetailView({ detail, memberId, viewers, saveError, onBack, onTick, onRecord }: OrderDetailProps) {
  const { item, facts } = detail;
  const nameOf = (id: string) => detail.memberNames[id] ?? readableMemberId(id);
  // A tick shows at once; the stored state takes over when the detail reloads or the tick fails.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  useEffect(() => setPending({}), [detail, saveError]);
  const [note, setNote] = useState('');
  const waiting = item.status === 'in-holding' || item.status === 'on-hold';
  return (
    <article class="detail" aria-labelledby="detail-title">
      <button type="button" onClick={onBack} autoFocus aria-keyshortcuts="Escape">
        ← Back to orders
      </button>
      <h1 id="detail-title">Order {item.salesOrderNumber}</h1>
      <p>
        {item.customerName} · {statusLabel(item.status)}
        {detail.partial ? ` · partly ${item.status === 'on-hold' ? 'assigned' : 'reassigned'}` : ''} ·{' '}
        {formatAge(item.ageDays)}
        <br />
        <span class="muted small">{item.virtualAccountName}</span>
      </p>
      <dl class="ids small">
        <div>
          <dt>Sales order</dt>
          <dd>
            {item.salesOrderNumber} <CopyButton text={item.salesOrderNumber} what="sales order number" />
          </dd>
        </div>
        <div>
          <dt>Web order</dt>
          <dd>
            {facts.webOrderId} <CopyButton text={facts.webOrderId} what="web order number" />
          </dd>
        </div>
        <div>
          <dt>PO</dt>
          <dd>
            {facts.poNumber} <CopyButton text={facts.poNumber} what="PO number" />
          </dd>
        </div>
      </dl>
      <p class="small">
        <a href={ccwOrderUrl(item.salesOrderNumber)} target="_blank" rel="noreferrer">
          Open in CCW ↗
        </a>
      </p>
      {viewers.length > 0 && (
        <p class="small presence" data-testid="presence">
          Also looking at this order: {viewers.map((v) => v.name).join(', ')}
        </p>
      )}
      {saveError && (
        <p class="small error" role="alert">
          Not saved: {saveError}
        </p>
      )}

      {detail.lines && detail.lines.length > 0 && (
        <>
          <h2>Lines</h2>
          <table class="lines small" data-testid="order-lines">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Item</th>
                <th scope="col">CCW status</th>
                <th scope="col">Where</th>
              </tr>
            </thead>
            <tbody>
              {detail.lines.map((line) => (
                <tr key={line.lineNumber} class={line.cancelled ? 'muted' : undefined}>
                  <th scope="row">{line.label}</th>
                  <td>
                    {line.sku} × {line.quantity}
                  </td>
                  <td>{line.fulfilment}</td>
                  <td>
                    {line.statusLabel}
                    {!line.cancelled && <span class="block muted">{line.place}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2>Next step</h2>
      {detail.findings[0] && <p class="small next">{detail.findings[0].suggestedAction}</p>}
      {detail.canAnnotate ? (
        <div class="follow-up">
          {waiting && (
            <AskCustomerSection
              facts={{
                salesOrderNumber: item.salesOrderNumber,
                poNumber: facts.poNumber,
                customerName: item.customerName,
                customerDomain: facts.customerDomain,
                senderName: memberId ? nameOf(memberId) : '',
              }}
              asked={detail.asked}
              onRecord={onRecord}
            />
          )}
          <p>
            <button type="button" onClick={() => void onRecord({ type: 'reviewed' })}>
              Mark reviewed
            </button>
          </p>
        </div>
      ) : (
        <p class="muted small">Your roles let you read this order but not mark it reviewed or add notes.</p>
      )}

      {detail.assignment && (
        <>
          <h2>Assignment out of Smart Account hold</h2>
          {detail.canReassign ? (
            <AssignmentSection assignment={detail.assignment} onRecord={onRecord} />
          ) : (
            <p class="muted small">Your roles let you read this order but not record its assignment.</p>
          )}
        </>
      )}

      {detail.handedOn && (
        <p class="small" data-testid="handed-on">
          Handed to {detail.handedOn.to} on {formatDateTime(detail.handedOn.at)} by {nameOf(detail.handedOn.by)}: the
          reseller's team reassigns it from there; nothing is left to do here.
        </p>
      )}

      {detail.handOff && detail.canReassign && (
        <>
          <h2>Hand to the reseller</h2>
          <HandOffSection handOff={detail.handOff} onRecord={onRecord} />
        </>
      )}

      {detail.reassignment && (
        <>
          <h2>Reassignment</h2>
          {detail.canReassign ? (
            <>
              <ReassignmentSection reassignment={detail.reassignment} nameOf={nameOf} onRecord={onRecord} />
              {detail.underway?.map((underway, i) => (
                <ReassignmentSection
                  key={`${underway.startedAt}|${underway.target}`}
                  reassignment={underway}
                  nameOf={nameOf}
                  onRecord={onRecord}
                  idSuffix={`-${i + 1}`}
                />
              ))}
            </>
          ) : (
            <p class="muted small">Your roles let you read this order but not record its reassignment.</p>
          )}
        </>
      )}

      <h2>Findings ({detail.findings.length})</h2>
      <FindingsList findings={detail.findings} />

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
                    Ticked by {nameOf(step.done.by)} on {formatDateTime(step.done.at)}
                  </span>
                )}
                {!step.done && detail.lastChange[step.id]?.ticked === false && (
                  <span class="small block muted">
                    Unticked by {nameOf(detail.lastChange[step.id]!.by)} on{' '}
                    {formatDateTime(detail.lastChange[step.id]!.at)}
                  </span>
                )}
              </span>
            </label>
          </li>
        ))}
      </ul>

      {detail.canAnnotate && (
        <form
          class="follow-up"
          onSubmit={(e) => {
            e.preventDefault();
            void onRecord({ type: 'note-added', text: note }).then((saved) => saved && setNote(''));
          }}
        >
          <label for="note">Add a note for the team</label>
          <textarea id="note" rows={3} maxLength={4000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <button type="submit" disabled={note.trim() === ''}>
            Add note
          </button>
        </form>
      )}

      <h2>History</h2>
      <ol class="history small">
        {detail.history.map((event) => (
          <li key={event.id}>
            <strong>{eventLabel(event.type)}</strong> · {formatDateTime(event.at)} ·{' '}
            <span class="muted">{nameOf(event.by)}</span>
            {event.type === 'note-added' && <div class="note">{event.text}</div>}
          </li>
        ))}
      </ol>
    </article>
  );
}
