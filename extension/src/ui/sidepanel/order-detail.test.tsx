// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../data/holdfast-service.ts';
import { OrderDetailView } from './order-detail.tsx';

afterEach(cleanup);

const detail = (canTick: boolean): OrderDetail => ({
  item: {
    salesOrderNumber: '104000074',
    customerName: 'Bluth Construction',
    status: 'in-holding',
    virtualAccountId: 'va',
    virtualAccountName: 'Keystone Holding / Enterprise',
    ageDays: 24,
    since: '2026-10-30T00:00:00.000Z',
    distributor: null,
    reseller: null,
    findings: [],
    searchKeys: [],
  },
  history: [],
  findings: [],
  checklist: [
    { id: 'identify-customer-account', title: 'Confirm the customer’s Smart Account', detail: 'Confirm it with the customer.', citation: null, done: { by: 'keystone:alex', at: '2026-11-20T10:00:00.000Z' } },
    { id: 'reassign-in-portal', title: 'Reassign the order in CCW', detail: 'Every line.', citation: null, done: null },
  ],
  lastChange: {},
  canTick,
  memberNames: { 'keystone:alex': 'Alex Keystone' },
});

describe('the order detail', () => {
  it('names who else is looking at the order, and who ticked a step', () => {
    const view = render(<OrderDetailView detail={detail(true)} viewers={[{ memberId: 'keystone:tomas', name: 'Tomas Keystone' }]} tickError="" onBack={() => undefined} onTick={() => undefined} />);
    expect(view.getByTestId('presence').textContent).toBe('Also looking at this order: Tomas Keystone');
    expect(view.getByText(/Ticked by Alex Keystone/)).toBeTruthy();
  });

  it('shows no presence line when nobody else looks', () => {
    const view = render(<OrderDetailView detail={detail(true)} viewers={[]} tickError="" onBack={() => undefined} onTick={() => undefined} />);
    expect(view.queryByTestId('presence')).toBeNull();
  });

  it('reports a tick with its step, and offers no ticking to a role that may not tick', () => {
    const ticks: [string, boolean][] = [];
    const allowed = render(<OrderDetailView detail={detail(true)} viewers={[]} tickError="" onBack={() => undefined} onTick={(step, ticked) => ticks.push([step, ticked])} />);
    fireEvent.click(allowed.getByRole('checkbox', { name: /Reassign the order in CCW/ }));
    expect(ticks).toEqual([['reassign-in-portal', true]]);
    cleanup();
    const readOnly = render(<OrderDetailView detail={detail(false)} viewers={[]} tickError="" onBack={() => undefined} onTick={() => undefined} />);
    expect(readOnly.getAllByRole('checkbox').every((box) => (box as HTMLInputElement).disabled)).toBe(true);
    expect(readOnly.getByText('Your roles let you read this checklist but not tick it.')).toBeTruthy();
  });

  it('shows a tick at once, and takes it back when it was not saved', async () => {
    const props = { detail: detail(true), viewers: [], onBack: () => undefined, onTick: () => undefined };
    const view = render(<OrderDetailView {...props} tickError="" />);
    const box = () => view.getByRole('checkbox', { name: /Reassign the order in CCW/ }) as HTMLInputElement;
    fireEvent.click(box());
    // Another render before the tick is stored (a presence update here) keeps it ticked.
    view.rerender(<OrderDetailView {...props} viewers={[{ memberId: 'keystone:tomas', name: 'Tomas Keystone' }]} tickError="" />);
    expect(box().checked).toBe(true);
    view.rerender(<OrderDetailView {...props} tickError="The relay refused it." />);
    await waitFor(() => expect(box().checked).toBe(false));
  });

  it('says why a tick was not saved', () => {
    const view = render(<OrderDetailView detail={detail(true)} viewers={[]} tickError="Choose who you are in the options first." onBack={() => undefined} onTick={() => undefined} />);
    expect(view.getByRole('alert').textContent).toBe('Not saved: Choose who you are in the options first.');
  });
});
