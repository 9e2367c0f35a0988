import { useState } from 'preact/hooks';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { useAsync } from '../shared/use-async.ts';

/** The holding-age threshold and the review interval the rules use. */
export function SettingsForm({ service, onSaved }: { service: HoldfastService; onSaved(): void }) {
  const settings = useAsync(() => service.settings(), []);
  const [message, setMessage] = useState('');
  if (settings.status !== 'ready')
    return (
      <section>
        <h2>Thresholds</h2>
        <p class="muted">Loading…</p>
      </section>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await service.updateSettings({
        holdingThresholdDays: Number(form.get('threshold')),
        reviewIntervalDays: Number(form.get('review')),
      });
      setMessage('Thresholds saved.');
      onSaved();
    } catch {
      setMessage('Not saved: the threshold must be 1–365 days and the review interval 1–90 days.');
    }
  };
  return (
    <section aria-labelledby="thresholds">
      <h2 id="thresholds">Thresholds</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label for="threshold">Alert when an order has been in holding for (days)</label>
        <input
          id="threshold"
          name="threshold"
          type="number"
          min={1}
          max={365}
          defaultValue={String(settings.value.holdingThresholdDays)}
          required
        />
        <label for="review">Review orders in holding every (days)</label>
        <input
          id="review"
          name="review"
          type="number"
          min={1}
          max={90}
          defaultValue={String(settings.value.reviewIntervalDays)}
          required
        />
        <p>
          <button type="submit">Save thresholds</button>
        </p>
        <p class="small" aria-live="polite">
          {message}
        </p>
      </form>
    </section>
  );
}
