import type { PortalContext } from '../../data/portal-context.ts';

export interface PortalCardProps {
  context: PortalContext;
  onShow(salesOrderNumber: string): void;
}

/** The order open on the portal page beside the panel, and the advice when its Smart Account is a holding account. */
export function PortalCard({ context, onShow }: PortalCardProps) {
  const { advice } = context;
  return (
    <section
      class={advice ? 'portal-card warning' : 'portal-card'}
      aria-label="Order on the portal page"
      data-testid="portal-card"
    >
      <p class="small">
        On the portal page: order <strong>{context.salesOrderNumber}</strong>, Smart Account “
        {context.smartAccountLabel}”.{' '}
        <button type="button" class="link" onClick={() => onShow(context.salesOrderNumber)}>
          Show order
        </button>
      </p>
      {advice && (
        <p class="small" role="alert">
          “{advice.holdingAccountName}” is a Partner Holding Account, but the customer’s own Smart Account is known:{' '}
          <strong>{advice.customerAccountName}</strong>. Choose “{advice.customerAccountName}” so the licenses reach the
          customer and their subscription starts.
        </p>
      )}
      {advice && <blockquote class="small muted">{advice.citation}</blockquote>}
    </section>
  );
}
