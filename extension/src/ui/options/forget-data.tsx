import { useState } from 'preact/hooks';
import type { ForgetResponse } from '../../messaging/messages.ts';

export interface ForgetDataProps {
  /** Asks the user to confirm (the browser's confirm dialog in the options page). */
  confirm(message: string): boolean;
  /** Asks the background to remove every store, document, the token and the preferences. */
  forget(): Promise<ForgetResponse>;
  onForgotten(): void;
}

export const FORGET_QUESTION =
  'Remove every order, account, checklist tick, team document, your relay token and your preferences from this computer? Orders imported here and never synced with a team are lost. This cannot be undone.';

/** "Forget this computer's data": for a shared computer, or before handing it on. */
export function ForgetData({ confirm, forget, onForgotten }: ForgetDataProps) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!confirm(FORGET_QUESTION)) return setMessage('Nothing was removed.');
    setBusy(true);
    try {
      const result = await forget();
      setMessage(
        result.ok
          ? 'This computer’s Holdfast data is removed: orders, team documents, relay token and preferences.'
          : `Not everything was removed: ${result.error}. Try again, or remove the extension.`,
      );
      onForgotten();
    } catch (error) {
      setMessage(`Nothing was removed: ${error instanceof Error ? error.message : String(error)}.`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="forget">
      <h2 id="forget">Forget this computer’s data</h2>
      <p class="small muted">
        Removes everything Holdfast keeps in this browser profile: the orders and accounts, checklist ticks, the team’s
        documents, your relay token and your choices here. What your team synced stays on the relay.
      </p>
      <p>
        <button type="button" disabled={busy} onClick={() => void run()}>
          Forget this computer’s data
        </button>
      </p>
      <p class="small" aria-live="polite" data-testid="forget-message">
        {message}
      </p>
    </section>
  );
}
