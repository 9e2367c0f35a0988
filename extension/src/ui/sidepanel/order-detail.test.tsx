// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail, ReassignmentView } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { formatDateTime } from '../shared/format.ts';
import { OrderDetailView } from './order-detail.tsx';
import { orderItem } from './side-panel-fakes.tsx';

afterEach(cleanup);

const notStarted: ReassignmentView = {
  stage: 'not-started',
  targets: [
    {
      assignment: { smartAccountId: 'sa-bluth', virtualAccountId: 'sa-bluth/default', kind: 'customer' },
      label: 'Bluth Construction / Default',
      match: 'customer',
      warning: null,
    },
    {
      assignment: { smartAccountId: 'sa-bluth', virtualAccountId: 'sa-bluth/sites', kind: 'customer' },
      label: 'Bluth Construction / Sites',
      match: 'customer',
      warning: null,
    },
  ],
  customerKnown: true,
  defaultTarget: 'sa-bluth/default',
  ways: ['portal', 'support-case', 'asset-transfer'],
  portalClosed: null,
};

const detail = (
  canTick: boolean,
  canAnnotate = canTick,
  reassignment: ReassignmentView | null = notStarted,
): OrderDetail => ({
  item: orderItem('104000074', 'Bluth Construction', {
    virtualAccountName: 'Keystone Holding / Enterprise',
    ageDays: 24,
    since: '2026-10-30T00:00:00.000Z',
    searchText: '',
  }),
  history: [],
  findings: [],
  facts: { webOrderId: 'WO093000026', poNumber: 'PO-2026-01002', customerDomain: 'bluth-construction.example.com' },
  asked: null,
  checklist: [
    {
      id: 'identify-customer-account',
      title: 'Confirm the customer’s Smart Account',
      detail: 'Confirm it with the customer.',
      citation: null,
      done: { by: 'keystone:alex', at: '2026-11-20T10:00:00.000Z' },
    },
    { id: 'reassign-in-portal', title: 'Reassign the order in CCW', detail: 'Every line.', citation: null, done: null },
  ],
  lastChange: {},
  canTick,
  canAnnotate,
  canReassign: canTick,
  reassignment,
  memberNames: { 'keystone:alex': 'Alex Keystone' },
});

describe('the order detail', () => {
  it('names who else is looking at the order, and who ticked a step', () => {
    const view = render(
      <OrderDetailView
        detail={detail(true)}
        viewers={[{ memberId: 'keystone:tomas', name: 'Tomas Keystone' }]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    expect(view.getByTestId('presence').textContent).toBe('Also looking at this order: Tomas Keystone');
    expect(view.getByText(/Ticked by Alex Keystone/)).toBeTruthy();
  });

  it('shows no presence line when nobody else looks', () => {
    const view = render(
      <OrderDetailView
        detail={detail(true)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    expect(view.queryByTestId('presence')).toBeNull();
  });

  it('reports a tick with its step, and offers no ticking to a role that may not tick', () => {
    const ticks: [string, boolean][] = [];
    const allowed = render(
      <OrderDetailView
        detail={detail(true)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={(step, ticked) => ticks.push([step, ticked])}
        onRecord={async () => true}
      />,
    );
    fireEvent.click(allowed.getByRole('checkbox', { name: /Reassign the order in CCW/ }));
    expect(ticks).toEqual([['reassign-in-portal', true]]);
    cleanup();
    const readOnly = render(
      <OrderDetailView
        detail={detail(false)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    expect(readOnly.getAllByRole('checkbox').every((box) => (box as HTMLInputElement).disabled)).toBe(true);
    expect(readOnly.getByText('Your roles let you read this checklist but not tick it.')).toBeTruthy();
  });

  it('shows a tick at once, and takes it back when it was not saved', async () => {
    const props = {
      detail: detail(true),
      viewers: [],
      onBack: () => undefined,
      onTick: () => undefined,
      onRecord: async () => true,
    };
    const view = render(<OrderDetailView {...props} saveError="" />);
    const box = () => view.getByRole('checkbox', { name: /Reassign the order in CCW/ }) as HTMLInputElement;
    fireEvent.click(box());
    // Another render before the tick is stored (a presence update here) keeps it ticked.
    view.rerender(
      <OrderDetailView {...props} viewers={[{ memberId: 'keystone:tomas', name: 'Tomas Keystone' }]} saveError="" />,
    );
    expect(box().checked).toBe(true);
    view.rerender(<OrderDetailView {...props} saveError="The relay refused it." />);
    await waitFor(() => expect(box().checked).toBe(false));
  });

  it('lets a role that may annotate mark the order reviewed and add a note, emptied once saved', async () => {
    const recorded: OrderAction[] = [];
    const view = render(
      <OrderDetailView
        detail={detail(true)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async (action) => (recorded.push(action), true)}
      />,
    );
    fireEvent.click(view.getByRole('button', { name: 'Mark reviewed' }));
    const box = view.getByLabelText('Add a note for the team') as HTMLTextAreaElement;
    expect((view.getByRole('button', { name: 'Add note' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(box, { target: { value: 'Customer creating their Smart Account this week.' } });
    fireEvent.click(view.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(box.value).toBe(''));
    expect(recorded).toEqual([
      { type: 'reviewed' },
      { type: 'note-added', text: 'Customer creating their Smart Account this week.' },
    ]);
  });

  it('keeps a note that was not saved', async () => {
    const notSaved = Promise.resolve(false);
    const view = render(
      <OrderDetailView
        detail={detail(true)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={() => notSaved}
      />,
    );
    const box = view.getByLabelText('Add a note for the team') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'Call back Monday.' } });
    fireEvent.click(view.getByRole('button', { name: 'Add note' }));
    // Barrier: act() returns once the view has handled the refused save and rendered what it caused.
    await act(async () => void (await notSaved));
    expect(box.value).toBe('Call back Monday.');
  });

  it('offers no review or note to a role that may only read the order', () => {
    const view = render(
      <OrderDetailView
        detail={detail(false)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    expect(view.queryByRole('button', { name: 'Mark reviewed' })).toBeNull();
    expect(view.queryByLabelText('Add a note for the team')).toBeNull();
    expect(view.getByText('Your roles let you read this order but not mark it reviewed or add notes.')).toBeTruthy();
  });

  it('shows the text of notes in the history, with the time and a readable name for someone outside the directory', () => {
    const withNote = {
      ...detail(true),
      history: [
        {
          id: 'n1',
          type: 'note-added' as const,
          at: '2026-11-21T09:00:00.000Z',
          by: 'keystone:alex',
          text: 'Waiting for the customer.',
        },
        {
          id: 'n2',
          type: 'reviewed' as const,
          at: '2026-11-22T15:30:00.000Z',
          by: 'northwind-distribution:dana',
        },
      ],
    };
    const view = render(
      <OrderDetailView
        detail={withNote}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    const entry = view.getByText('Waiting for the customer.').closest('li')!;
    expect(entry.textContent).toBe(
      `Note added · ${formatDateTime('2026-11-21T09:00:00.000Z')} · Alex KeystoneWaiting for the customer.`,
    );
    expect(view.getByText('dana (northwind-distribution)')).toBeTruthy();
    expect(formatDateTime('2026-11-21T09:00:00.000Z')).toMatch(/^2026-11-2\d \d\d:\d\d$/);
  });

  it('says why a tick was not saved', () => {
    const view = render(
      <OrderDetailView
        detail={detail(true)}
        viewers={[]}
        saveError="Choose who you are in the options first."
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    expect(view.getByRole('alert').textContent).toBe('Not saved: Choose who you are in the options first.');
  });

  it('records a reassignment started to the Virtual Account and by the way chosen', () => {
    const recorded: OrderAction[] = [];
    const view = render(
      <OrderDetailView
        detail={detail(true)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async (action) => (recorded.push(action), true)}
      />,
    );
    expect((view.getByLabelText('Reassign to') as HTMLSelectElement).value).toBe('sa-bluth/default');
    fireEvent.change(view.getByLabelText('Reassign to'), { target: { value: 'sa-bluth/sites' } });
    fireEvent.change(view.getByLabelText('How'), { target: { value: 'asset-transfer' } });
    fireEvent.click(view.getByRole('button', { name: 'Record reassignment started' }));
    expect(recorded).toEqual([
      { type: 'reassignment-started', targetVirtualAccountId: 'sa-bluth/sites', via: 'asset-transfer' },
    ]);
  });

  it('says why the ordering portal is not offered once a line has shipped', () => {
    const closed: ReassignmentView = {
      ...notStarted,
      ways: ['support-case', 'asset-transfer'],
      portalClosed: {
        reason: 'Line 1 already booked or shipped.',
        citation: 'Only a licensing support case moves it.',
      },
    };
    const view = render(
      <OrderDetailView
        detail={detail(true, true, closed)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    const ways = [...(view.getByLabelText('How') as HTMLSelectElement).options].map((o) => o.value);
    expect(ways).toEqual(['support-case', 'asset-transfer']);
    expect(view.getByText('Line 1 already booked or shipped.')).toBeTruthy();
  });

  it('preselects no target when the customer is not known, and warns on an account that matches neither name nor domain', () => {
    const unknownCustomer: ReassignmentView = {
      ...notStarted,
      customerKnown: false,
      defaultTarget: null,
      targets: [
        { ...notStarted.targets[0]!, match: 'domain' },
        {
          ...notStarted.targets[1]!,
          assignment: { smartAccountId: 'sa-other', virtualAccountId: 'sa-other/default', kind: 'customer' },
          label: 'Other Co / Default',
          match: 'none',
          warning: '"Other Co" matches neither the name nor the domain of Bluth: make sure it is theirs.',
        },
      ],
    };
    const view = render(
      <OrderDetailView
        detail={detail(true, true, unknownCustomer)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    const submit = view.getByRole('button', { name: 'Record reassignment started' }) as HTMLButtonElement;
    expect((view.getByLabelText('Reassign to') as HTMLSelectElement).value).toBe('');
    expect(submit.disabled).toBe(true);
    fireEvent.change(view.getByLabelText('Reassign to'), { target: { value: 'sa-other/default' } });
    expect(view.getByRole('alert').textContent).toContain('matches neither');
    expect(submit.disabled).toBe(false);
  });

  it('records a reassignment underway as delivered, or cancelled with a reason', async () => {
    const underway: ReassignmentView = {
      stage: 'started',
      target: 'Bluth Construction / Default',
      via: 'portal',
      startedAt: '2026-11-21T09:00:00.000Z',
      by: 'keystone:alex',
    };
    const recorded: OrderAction[] = [];
    const view = render(
      <OrderDetailView
        detail={detail(true, true, underway)}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async (action) => (recorded.push(action), true)}
      />,
    );
    expect(view.getByTestId('reassignment-underway').textContent).toBe(
      `To Bluth Construction / Default in the ordering portal, started ${formatDateTime('2026-11-21T09:00:00.000Z')} by Alex Keystone.`,
    );
    fireEvent.click(view.getByRole('button', { name: 'Mark delivered to the customer' }));
    // Asked twice: the first click only asks to confirm, "Not yet" records nothing.
    fireEvent.click(view.getByRole('button', { name: 'Not yet' }));
    fireEvent.click(view.getByRole('button', { name: 'Mark delivered to the customer' }));
    fireEvent.click(view.getByRole('button', { name: 'Yes, mark delivered' }));
    const cancel = view.getByRole('button', { name: 'Cancel reassignment' }) as HTMLButtonElement;
    expect(cancel.disabled).toBe(true);
    fireEvent.input(view.getByLabelText('Why cancel it?'), { target: { value: 'Wrong customer account.' } });
    fireEvent.click(cancel);
    expect(recorded).toEqual([{ type: 'delivered' }]);
    fireEvent.click(view.getByRole('button', { name: 'Yes, cancel reassignment' }));
    await waitFor(() =>
      expect(recorded).toEqual([
        { type: 'delivered' },
        { type: 'reassignment-cancelled', reason: 'Wrong customer account.' },
      ]),
    );
  });

  it('offers no reassignment step to a role that may not reassign', () => {
    const view = render(
      <OrderDetailView
        detail={{ ...detail(true), canReassign: false }}
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async () => true}
      />,
    );
    expect(view.queryByRole('button', { name: 'Record reassignment started' })).toBeNull();
    expect(view.getByText('Your roles let you read this order but not record its reassignment.')).toBeTruthy();
  });
});

describe('the order detail as a rep works it', () => {
  const render_ = (d: OrderDetail, recorded: OrderAction[] = []) =>
    render(
      <OrderDetailView
        detail={d}
        memberId="keystone:alex"
        viewers={[]}
        saveError=""
        onBack={() => undefined}
        onTick={() => undefined}
        onRecord={async (action) => (recorded.push(action), true)}
      />,
    );

  it('puts the next step before the findings, and collapses each finding to its headline with a linked source', () => {
    const view = render_({
      ...detail(true),
      findings: [
        {
          ruleId: 'holding-too-long',
          headline: 'In holding longer than the threshold',
          message: 'Order 104000074 for Bluth Construction has been in holding for 24 days.',
          suggestedAction: 'Reassign it to the customer.',
          severity: 'critical',
          overdue: true,
          quote: 'it is recommended to reassign the order to the Customer Smart Account as soon as possible.',
          source: { title: 'Partner Holding Account Best Practices', url: 'https://www.cisco.com/x.html' },
        },
      ],
    });
    const headings = [...view.container.querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings.indexOf('Next step')).toBeLessThan(headings.indexOf('Findings (1)'));
    const finding = view.container.querySelector('.findings details') as HTMLDetailsElement;
    expect(finding.open).toBe(false);
    expect(finding.querySelector('summary')!.textContent).toBe('overdue In holding longer than the threshold');
    const link = view.getByRole('link', { name: 'Partner Holding Account Best Practices' }) as HTMLAnchorElement;
    expect(link.href).toBe('https://www.cisco.com/x.html');
    expect(view.getByRole('link', { name: /Open in CCW/ })).toBeTruthy();
    expect(view.getByRole('button', { name: 'Copy web order number' })).toBeTruthy();
    expect(view.getByRole('button', { name: 'Copy PO number' })).toBeTruthy();
  });

  it('asks the customer by e-mail and records it as a team note; once asked, says when', async () => {
    const recorded: OrderAction[] = [];
    const view = render_(detail(true), recorded);
    const ask = view.getByRole('link', { name: 'Ask the customer' }) as HTMLAnchorElement;
    expect(ask.href).toMatch(/^mailto:\?subject=/);
    expect(decodeURIComponent(ask.href)).toContain('Alex Keystone');
    ask.addEventListener('click', (e) => e.preventDefault());
    fireEvent.click(ask);
    await waitFor(() => expect(recorded).toHaveLength(1));
    expect(recorded[0]).toMatchObject({ type: 'note-added' });
    cleanup();

    const again = render_({
      ...detail(true),
      asked: { at: '2026-11-18T09:00:00.000Z', daysAgo: 5, askAgain: false },
    });
    expect(again.getByTestId('ask-customer').textContent).toContain('Asked 5 days ago');
    expect(again.getByTestId('ask-customer').textContent).toContain('Ask again on 2026-11-25');
  });
});
