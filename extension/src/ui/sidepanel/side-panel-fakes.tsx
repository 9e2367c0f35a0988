// Test support for the side panel's component tests (not shipped: only *.test.tsx import it): the
// layout happy-dom lacks, an order item, a team channel and a service that do nothing unless told,
// and the panel rendered with them.
import { cleanup, render } from '@testing-library/preact';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Finding } from '@holdfast/core';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import type { OrderItem } from '../../data/order-list.ts';
import { createPreferences, memoryArea } from '../../data/preferences.ts';
import type { TeamChannel } from '../../data/team-channel.ts';
import { SidePanelApp } from './side-panel-app.tsx';

/** The tests' "now": a few days after the items' `since`. */
export const PANEL_NOW = new Date('2026-11-23T00:00:00Z');

/**
 * Registers the hooks every side panel test needs: happy-dom lays nothing out, so the virtual
 * list's viewport gets a side panel's size (else it renders no rows); each test ends unmounted.
 */
export function useSidePanelLayout(): void {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(360);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });
}

/** An order in holding in "Acme Holding / Default", found by its customer's name. */
export const orderItem = (
  salesOrderNumber: string,
  customerName: string,
  overrides: Partial<OrderItem<Finding>> = {},
): OrderItem<Finding> => ({
  salesOrderNumber,
  customerName,
  status: 'in-holding',
  virtualAccountId: 'va',
  virtualAccountName: 'Acme Holding / Default',
  ageDays: 3,
  since: '2026-11-20T00:00:00.000Z',
  distributor: null,
  reseller: null,
  findings: [],
  searchText: `${salesOrderNumber} ${customerName}`.toLowerCase(),
  ...overrides,
});

/** A team channel that sends nothing anywhere; pass what a test records. */
export const quietTeam = (overrides: Partial<TeamChannel> = {}): TeamChannel => ({
  tick: async () => {},
  record: async () => {},
  setViewing: () => {},
  retryNow: () => {},
  subscribe: () => () => {},
  close: () => {},
  ...overrides,
});

/**
 * A service with `memberId` chosen (null: nobody yet), no first screen kept, no change notices and
 * nobody to choose among; `parts` give what the test is about (the orders, an order's detail …).
 * Only the methods the panel calls exist: a call to another one fails the test loudly.
 */
export async function fakeService(
  memberId: string | null,
  parts: Partial<HoldfastService> = {},
): Promise<HoldfastService> {
  const preferences = createPreferences(memoryArea());
  await preferences.update({ memberId });
  return {
    preferences,
    firstScreen: async () => null,
    keepFirstScreen: async () => {},
    orders: async () => ({ items: [], virtualAccounts: [] }),
    whoIAm: async () => ({ members: [], holdingAccounts: [], storedOrders: 0 }),
    onChange: () => () => {},
    ...parts,
  } as Partial<HoldfastService> as HoldfastService;
}

export interface PanelOptions {
  team?: TeamChannel;
  openOptions?: () => void;
  undoMs?: number;
}

/** Renders the side panel over a fake service, as `mount-side-panel.tsx` does over the real one. */
export const renderSidePanel = (service: HoldfastService, options: PanelOptions = {}) =>
  render(
    <SidePanelApp
      service={service}
      team={options.team ?? quietTeam()}
      watchPortal={() => () => {}}
      now={() => PANEL_NOW}
      openOptions={options.openOptions ?? (() => {})}
      {...(options.undoMs === undefined ? {} : { undoMs: options.undoMs })}
    />,
  );
