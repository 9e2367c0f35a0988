import { useState } from 'preact/hooks';
import type { PortalContext } from '../../data/portal-context.ts';

export interface PortalCardProps {
  context: PortalContext;
  onShow(salesOrderNumber: string): void;
  /** Records the page's new order; rejects with why it was not. Absent: not offered. */
  onTrack?(salesOrderNumber: string): Promise<void>;
}

/** The order open on the portal page beside the panel, and the advice when its Smart Account is a holding account. */
export function PortalCard({ context, onShow, onTrack }: PortalCardProps) {
  const { advice, salesOrderNumber } = context;
  const [tracking, setTracking] = useState<{ of: string; state: 'saving' | 'saved' | 'failed'; text: string } | null>(
    null,
  );
  const outcome = tracking?.of === salesOrderNumber ? tracking : null;
  const track = (track: (n: string) => Promise<void>) => {
    setTracking({ of: salesOrderNumber, state: 'saving', text: '' });
    track(salesOrderNumber).then(
      () =>
        setTracking({
          of: salesOrderNumber,
          state: 'saved',
          text: `Holdfast now tracks order ${salesOrderNumber}.`,
        }),
      (error: unknown) =>
        setTracking({
          of: salesOrderNumber,
          state: 'failed',
          text: `Not tracked: ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
  };
  // A new order is not in the list yet: "Show order" would find nothing until it is tracked.
  const isNew = advice?.canTrack === true;
  return (
    <section
      class={advice ? 'portal-card warning' : 'portal-card'}
      aria-label="Order on the portal page"
      data-testid="portal-card"
    >
      <p class="small">
        On the portal page: {isNew ? 'new order' : 'order'} <strong>{salesOrderNumber}</strong>, Smart Account “
        {context.smartAccountLabel}”.{' '}
        {!isNew && (
          <button type="button" class="link" onClick={() => onShow(salesOrderNumber)}>
            Show order
          </button>
        )}
      </p>
      {advice && (
        <p class="small" role="alert">
          “{advice.holdingAccountName}” is a Partner Holding Account, but the customer’s own Smart Account is known:{' '}
          <strong>{advice.customerAccountName}</strong>. Choose “{advice.customerAccountName}” so the licenses reach the
          customer and their subscription starts.
        </p>
      )}
      {advice && <blockquote class="small muted">{advice.citation}</blockquote>}
      {isNew && onTrack && (
        <p class="small">
          <button type="button" class="primary" disabled={outcome?.state === 'saving'} onClick={() => track(onTrack)}>
            Start tracking this order
          </button>{' '}
          <span class="muted">so it stays on your list until the licenses reach the customer.</span>
        </p>
      )}
      {outcome && outcome.state !== 'saving' && (
        <p class="small" role="status" data-testid="track-outcome">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
