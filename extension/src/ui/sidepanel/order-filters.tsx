import { ORDER_STATUSES } from '@holdfast/core';
import type { OrderFilters } from '../../data/order-list.ts';
import { statusLabel } from '../shared/status-label.ts';

export interface OrderFiltersProps {
  filters: OrderFilters;
  virtualAccounts: readonly { id: string; name: string }[];
  onChange(filters: OrderFilters): void;
}

const AGES = [0, 7, 30, 60, 90] as const;

/** Search box and the state, Virtual Account, age and distributor/reseller filters. */
export function OrderFiltersBar({ filters, virtualAccounts, onChange }: OrderFiltersProps) {
  const set = (change: Partial<OrderFilters>) => onChange({ ...filters, ...change });
  return (
    <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label for="f-text">Search orders</label>
      <input
        id="f-text"
        type="search"
        placeholder="Order, PO, customer…"
        value={filters.text}
        onInput={(e) => set({ text: e.currentTarget.value })}
      />
      <div class="filter-grid">
        <div>
          <label for="f-status">State</label>
          <select
            id="f-status"
            value={filters.status}
            onChange={(e) => set({ status: e.currentTarget.value as OrderFilters['status'] })}
          >
            <option value="all">All states</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-age">Age</label>
          <select
            id="f-age"
            value={String(filters.minAgeDays)}
            onChange={(e) => set({ minAgeDays: Number(e.currentTarget.value) })}
          >
            {AGES.map((a) => (
              <option key={a} value={String(a)}>
                {a === 0 ? 'Any age' : `${a}+ days`}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-va">Virtual Account</label>
          <select
            id="f-va"
            value={filters.virtualAccountId}
            onChange={(e) => set({ virtualAccountId: e.currentTarget.value })}
          >
            <option value="all">All Virtual Accounts</option>
            {virtualAccounts.map((va) => (
              <option key={va.id} value={va.id}>
                {va.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-partner">Distributor / reseller</label>
          <input id="f-partner" value={filters.partner} onInput={(e) => set({ partner: e.currentTarget.value })} />
        </div>
      </div>
    </form>
  );
}
