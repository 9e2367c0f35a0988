import { useState } from 'preact/hooks';
import type { HandOffView } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';

export interface HandOffSectionProps {
  handOff: HandOffView;
  /** Resolves true once saved, false when not (the detail shows why). */
  onRecord(action: OrderAction): Promise<boolean>;
}

/**
 * The distributor → reseller chain: an order the distributor parked in its own holding account is
 * handed to the reseller's Partner Holding Account (after doing so in CCW), where the reseller
 * reassigns it to the customer.
 */
export function HandOffSection({ handOff, onRecord }: HandOffSectionProps) {
  const [target, setTarget] = useState(handOff.targets.length === 1 ? handOff.targets[0]!.virtualAccountId : '');
  if (handOff.targets.length === 0)
    return (
      <p class="small muted">
        It sits in {handOff.distributor}'s holding account for {handOff.reseller}, whose Partner Holding Account is not
        known here yet.
      </p>
    );
  return (
    <form
      class="reassignment"
      onSubmit={(e) => {
        e.preventDefault();
        void onRecord({ type: 'handed-to-reseller', targetVirtualAccountId: target });
      }}
    >
      <p class="small">
        It sits in {handOff.distributor}'s holding account: hand it to {handOff.reseller}'s Partner Holding Account in
        CCW, then record it here.
      </p>
      <label for="hand-off-target">Hand to</label>
      <select id="hand-off-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
        {target === '' && <option value="">Choose the reseller's holding account…</option>}
        {handOff.targets.map((t) => (
          <option key={t.virtualAccountId} value={t.virtualAccountId}>
            {t.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={target === ''}>
        Record handed to {handOff.reseller}
      </button>
    </form>
  );
}
