import type { SyncSummary } from '../../messaging/team-messages.ts';
import { formatDateTime } from './format.ts';

const TEXT: Record<SyncSummary['status'], string> = {
  off: 'Sync is off: everything stays on this computer.',
  'needs-permission':
    'Sync is on but Holdfast may not reach the relay: turn sync on again in the options to grant access.',
  'insecure-relay':
    'Sync is on but not connected: the relay URL starts with ws://, which would send your token unencrypted. Turn sync off and use a wss:// address (ws:// only for a relay on this computer).',
  connecting: 'Connecting to your team’s relay…',
  synced: 'Synced with your team.',
  offline: 'Offline: your changes are kept here and sent when the relay is back.',
  unauthorized: 'The relay refused your token (expired or from another relay): ask your administrator for a new one.',
};

/** One line saying whether the team sees my changes now, since when not, and a way to retry. */
export function SyncStatusLine({ sync, onRetry }: { sync: SyncSummary; onRetry?: () => void }) {
  const who = sync.status === 'synced' && sync.memberName ? ` Signed in as ${sync.memberName}.` : '';
  const last =
    sync.status !== 'synced' && sync.status !== 'off' && sync.lastSyncedAt
      ? ` Last synced ${formatDateTime(sync.lastSyncedAt)}.`
      : '';
  const revoked =
    sync.revoked > 0
      ? ` The orders of ${sync.revoked === 1 ? 'a Virtual Account' : `${sync.revoked} Virtual Accounts`} were removed from this computer: your roles no longer allow ${sync.revoked === 1 ? 'it' : 'them'}.`
      : '';
  const canRetry = onRetry && (sync.status === 'offline' || sync.status === 'connecting');
  return (
    <p class={`small sync sync-${sync.status}`} role="status" data-testid="sync-status">
      {TEXT[sync.status]}
      {who}
      {last}
      {revoked}
      {canRetry && (
        <>
          {' '}
          <button type="button" class="link" onClick={onRetry}>
            Retry now
          </button>
        </>
      )}
    </p>
  );
}
