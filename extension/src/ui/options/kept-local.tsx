import { useAsync } from '../shared/use-async.ts';

/** Orders of one place that sync did not share (core's `keptLocalOrders`). */
export interface KeptLocalPlace {
  virtualAccountId: string;
  place: string;
  count: number;
  salesOrderNumbers: string[];
  reason: 'may-not-share' | 'waiting';
}

export interface KeptLocalProps {
  memberId: string;
  /** Bumped when the data may have changed (an import, sync news). */
  version: number;
  load(memberId: string): Promise<KeptLocalPlace[]>;
}

const REASONS: Record<KeptLocalPlace['reason'], string> = {
  'may-not-share': 'your roles do not let you share orders there, so the relay would refuse them',
  waiting: 'they are shared when that place’s document opens',
};

/**
 * While team sync runs: the orders it did not share, by place, and why. They stay on this computer
 * and keep showing; nothing local is deleted when sync is turned on.
 */
export function KeptLocal({ memberId, version, load }: KeptLocalProps) {
  const kept = useAsync(() => load(memberId), [memberId], version);
  if (kept.status !== 'ready' || kept.value.length === 0) return null;
  return (
    <section aria-labelledby="kept-local" data-testid="kept-local">
      <h3 id="kept-local">Kept on this computer, not shared</h3>
      <ul>
        {kept.value.map((place) => (
          <li key={place.virtualAccountId}>
            {place.count} {place.count === 1 ? 'order' : 'orders'} {place.place.startsWith('on ') ? '' : 'in '}
            {place.place}: {REASONS[place.reason]}.{' '}
            <span class="small muted">
              {place.salesOrderNumbers.join(', ')}
              {place.count > place.salesOrderNumbers.length ? ', …' : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
