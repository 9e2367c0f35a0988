import type { PreferencesStore } from '../../data/preferences.ts';

export interface NotificationsFormProps {
  preferences: PreferencesStore;
  reviewReminder: boolean;
  onSaved(): void;
}

/** The notifications a rep controls; the badge (overdue count, in red) always shows. */
export function NotificationsForm({ preferences, reviewReminder, onSaved }: NotificationsFormProps) {
  return (
    <section aria-labelledby="notifications">
      <h2 id="notifications">Notifications</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={reviewReminder}
          onChange={(e) => void preferences.update({ reviewReminder: e.currentTarget.checked }).then(onSaved)}
        />
        <span>Remind me when orders in holding are due for review</span>
      </label>
      <p class="small muted">
        The toolbar badge counts overdue orders in red; hover it to read what it counts. An order that passes the
        holding threshold is notified once.
      </p>
    </section>
  );
}
