import { useState } from 'preact/hooks';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { useAsync } from '../shared/use-async.ts';

/** The relay address and token, stored for when sync arrives; sync itself stays off. */
export function SyncForm({ service }: { service: HoldfastService }) {
  const prefs = useAsync(() => service.preferences.read(), []);
  const [message, setMessage] = useState('');
  if (prefs.status !== 'ready') return null;
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await service.preferences.update({ relayUrl: String(form.get('relayUrl') ?? '').trim(), relayToken: String(form.get('relayToken') ?? '') });
      setMessage('Relay settings saved.');
    } catch {
      setMessage('Not saved: the relay URL must start with ws:// or wss://, or be empty.');
    }
  };
  return (
    <section aria-labelledby="sync">
      <h2 id="sync">Team sync</h2>
      <p class="small muted">Sync is off. It arrives with Holdfast’s sync library; until then these settings are only stored, and Holdfast asks for access to the relay’s address only when you turn sync on.</p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="relayUrl">Relay URL</label>
        <input id="relayUrl" name="relayUrl" type="url" placeholder="wss://relay.example.com" defaultValue={prefs.value.relayUrl} />
        <label for="relayToken">Relay token</label>
        <input id="relayToken" name="relayToken" type="password" autoComplete="off" defaultValue={prefs.value.relayToken} />
        <p><button type="submit">Save relay settings</button></p>
        <p class="small" aria-live="polite">{message}</p>
      </form>
    </section>
  );
}
