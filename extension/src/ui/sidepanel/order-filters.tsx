import { ORDER_STATUSES } from '@holdfast/core';
import { useState } from 'preact/hooks';
import {
  activeFilterCount,
  NO_FILTERS,
  SORT_LABELS,
  type OrderFilters,
  type OrderSort,
} from '../../data/order-list.ts';
import { statusLabel } from '../shared/status-label.ts';

export interface OrderFiltersProps {
  filters: OrderFilters;
  sort: OrderSort;
  virtualAccounts: readonly { id: string; name: string }[];
  onChange(filters: OrderFilters): void;
  onSort(sort: OrderSort): void;
}

/** The age filter's choices ("30+ days"); the aging chart picks the nearest one below a band. */
export const AGE_STEPS = [0, 7, 30, 60, 90] as const;

/**
 * The search box and sort always shown; the state, Virtual Account, age and distributor/reseller
 * filters folded behind one button that says how many are set, with "Clear".
 */
export function OrderFiltersBar({ filters, sort, virtualAccounts, onChange, onSort }: OrderFiltersProps) {
  const [open, setOpen] = useState(false);
  const set = (change: Partial<OrderFilters>) => onChange({ ...filters, ...change });
  const active = activeFilterCount(filters);
  return (
    <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <div class="search-line">
        <label for="f-text" class="sr-only">
          Search orders
        </label>
        <input
          id="f-text"
          type="search"
          placeholder="Order, PO, customer…"
          value={filters.text}
          onInput={(e) => set({ text: e.currentTarget.value })}
        />
        <label for="f-sort" class="sr-only">
          Sort orders
        </label>
        <select id="f-sort" value={sort} onChange={(e) => onSort(e.currentTarget.value as OrderSort)}>
          {(Object.keys(SORT_LABELS) as OrderSort[]).map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="filter-toggle">
        <button
          type="button"
          class="link"
          aria-expanded={open}
          aria-controls="filter-grid"
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'} Filters{active > 0 ? ` (${active} set)` : ''}
        </button>
        {active > 0 && (
          <button type="button" class="link" onClick={() => onChange(NO_FILTERS)}>
            Clear
          </button>
        )}
      </div>
      <div class="filter-grid" id="filter-grid" hidden={!open}>
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
            {AGE_STEPS.map((a) => (
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
