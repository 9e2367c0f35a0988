import { useEffect, useState } from 'preact/hooks';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { checkRelayToken, relayOriginPattern } from '../../data/relay-token.ts';
import { checkRelayUrl } from '../../data/relay-url.ts';
import type { TeamChannel } from '../../data/team-channel.ts';
import type { SyncSummary } from '../../messaging/team-messages.ts';
import { readableMemberId } from '../shared/format.ts';
import { SyncStatusLine } from '../shared/sync-status.tsx';
import { useAsync } from '../shared/use-async.ts';

export interface SyncFormProps {
  service: HoldfastService;
  team: TeamChannel;
  /** Asks the browser for the relay's origin (the optional host permission); must run in the click. */
  requestPermission(originPattern: string): Promise<boolean>;
  onChanged(): void;
}

const TOKEN_OK = 'This looks like a relay token.';

/**
 * Team sync: the relay's address and the member's token. Off by default; turning it on asks for
 * access to the relay's origin, and the token decides who I am.
 */
export function SyncForm({ service, team, requestPermission, onChanged }: SyncFormProps) {
  const [version, setVersion] = useState(0);
  const prefs = useAsync(() => service.preferences.read(), [], version);
  const [message, setMessage] = useState('');
  /** Said as soon as a token is pasted or typed, before "Turn sync on". */
  const [tokenNote, setTokenNote] = useState('');
  const [sync, setSync] = useState<SyncSummary | null>(null);
  useEffect(() => team.subscribe((update) => setSync(update.sync)), [team]);
  if (prefs.status !== 'ready') return null;
  const { syncEnabled } = prefs.value;

  const turnOn = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const relayUrl = String(form.get('relayUrl') ?? '').trim();
    const relayToken = String(form.get('relayToken') ?? '').trim();
    const url = checkRelayUrl(relayUrl);
    if (!url.ok) return setMessage(`Not turned on: ${url.reason}.`);
    const check = checkRelayToken(relayToken, new Date());
    if (!check.ok) return setMessage(`Not turned on: ${check.message}`);
    const { claims } = check;
    // The permission prompt needs the click's user gesture: ask before any other await.
    void requestPermission(relayOriginPattern(relayUrl))
      .then(async (granted) => {
        if (!granted) return setMessage(`Sync stays off: Holdfast was not allowed to reach ${new URL(relayUrl).host}.`);
        await service.preferences.update({ relayUrl, relayToken, syncEnabled: true, memberId: claims.memberId });
        setMessage(`Sync is on. You are ${readableMemberId(claims.memberId)}, as your token says.`);
        setVersion((n) => n + 1);
        onChanged();
      })
      .catch((error: unknown) =>
        setMessage(`Sync stays off: ${error instanceof Error ? error.message : String(error)}`),
      );
  };
  const turnOff = async () => {
    await service.preferences.update({ syncEnabled: false });
    setMessage('Sync is off. Your data stays on this computer; nothing more is sent.');
    setVersion((n) => n + 1);
    onChanged();
  };

  return (
    <section aria-labelledby="sync">
      <h2 id="sync">Team sync</h2>
      <p class="small muted">
        Off by default: Holdfast works fully offline. With a relay, your team’s holding orders, checklist ticks and who
        is looking at what are shared with the members your roles allow. Turning sync on asks your browser to let
        Holdfast reach the relay’s address.
      </p>
      {syncEnabled && sync && <SyncStatusLine sync={sync} onRetry={() => team.retryNow()} />}
      <form onSubmit={turnOn}>
        <label for="relayUrl">Relay URL</label>
        <input
          id="relayUrl"
          name="relayUrl"
          type="url"
          placeholder="wss://relay.example.com"
          defaultValue={prefs.value.relayUrl}
          disabled={syncEnabled}
        />
        <label for="relayToken">Relay token</label>
        <input
          id="relayToken"
          name="relayToken"
          type="password"
          autoComplete="off"
          defaultValue={prefs.value.relayToken}
          disabled={syncEnabled}
          aria-describedby="token-note"
          aria-invalid={tokenNote !== '' && tokenNote !== TOKEN_OK ? true : undefined}
          onInput={(e) => {
            const value = e.currentTarget.value;
            const check = checkRelayToken(value, new Date());
            setTokenNote(value.trim() === '' ? '' : check.ok ? TOKEN_OK : check.message);
          }}
        />
        <p
          id="token-note"
          class={`small ${tokenNote && tokenNote !== TOKEN_OK ? 'error' : 'muted'}`}
          data-testid="token-note"
        >
          {tokenNote}
        </p>
        <p>
          {syncEnabled ? (
            <button type="button" onClick={() => void turnOff()}>
              Turn sync off
            </button>
          ) : (
            <button type="submit" class="primary">
              Turn sync on
            </button>
          )}
        </p>
        <p class="small" aria-live="polite" data-testid="sync-message">
          {message}
        </p>
      </form>
    </section>
  );
}
