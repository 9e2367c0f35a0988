// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDateTime } from './format.ts';
import { SyncStatusLine } from './sync-status.tsx';

afterEach(cleanup);

describe('the sync status line', () => {
  it('says when the team was last in sync while offline, and retries on demand', () => {
    const retry = vi.fn();
    const view = render(
      <SyncStatusLine
        sync={{
          status: 'offline',
          memberName: 'Alex',
          documents: 3,
          revoked: 0,
          lastSyncedAt: '2026-11-23T10:15:00.000Z',
        }}
        onRetry={retry}
      />,
    );
    expect(view.getByTestId('sync-status').textContent).toContain(
      `Last synced ${formatDateTime('2026-11-23T10:15:00.000Z')}.`,
    );
    fireEvent.click(view.getByRole('button', { name: 'Retry now' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('offers no retry and no "last synced" while synced, and names who I am', () => {
    const view = render(
      <SyncStatusLine
        sync={{
          status: 'synced',
          memberName: 'Alex',
          documents: 3,
          revoked: 0,
          lastSyncedAt: '2026-11-23T10:15:00.000Z',
        }}
        onRetry={() => {}}
      />,
    );
    expect(view.getByTestId('sync-status').textContent).toBe('Synced with your team. Signed in as Alex.');
    expect(view.queryByRole('button')).toBeNull();
  });
});
