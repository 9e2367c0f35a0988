import { useEffect, useState } from 'preact/hooks';
import type { TeamChannel } from '../../data/team-channel.ts';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import type { ForgetResponse } from '../../messaging/messages.ts';
import { useAsync } from '../shared/use-async.ts';
import { ForgetData } from './forget-data.tsx';
import { ImportExport } from './import-export.tsx';
import { SettingsForm } from './settings-form.tsx';
import { SyncForm } from './sync-form.tsx';

export interface OptionsProps {
  service: HoldfastService;
  team: TeamChannel;
  requestPermission(originPattern: string): Promise<boolean>;
  now: () => Date;
  download(fileName: string, mime: string, text: string): void;
  /** Tells the background the data changed, so badge, reminders and the team's documents follow. */
  changed(changedOrders?: readonly string[]): void;
  confirm(message: string): boolean;
  /** Asks the background to remove every store, document, the token and the preferences. */
  forget(): Promise<ForgetResponse>;
}

/** Options: who I am, thresholds, import/export and the relay settings. */
export function OptionsApp({
  service,
  team,
  requestPermission,
  now,
  download,
  changed,
  confirm,
  forget,
}: OptionsProps) {
  const [version, setVersion] = useState(0);
  useEffect(() => service.onChange(() => setVersion((n) => n + 1)), [service]);
  const members = useAsync(() => service.members(), [], version);
  const prefs = useAsync(() => service.preferences.read(), [], version);
  const [saved, setSaved] = useState('');

  const chooseMember = async (memberId: string) => {
    await service.preferences.update({ memberId: memberId === '' ? null : memberId });
    setSaved('Saved.');
    setVersion((n) => n + 1);
    changed();
  };

  return (
    <main class="options">
      <h1>Holdfast options</h1>
      <section aria-labelledby="who">
        <h2 id="who">Who I am</h2>
        <label for="member">Member</label>
        {members.status === 'ready' && prefs.status === 'ready' ? (
          <select
            id="member"
            value={prefs.value.memberId ?? ''}
            disabled={prefs.value.syncEnabled}
            onChange={(e) => void chooseMember(e.currentTarget.value)}
          >
            <option value="">{members.value.length === 0 ? 'Import data first' : 'Choose a member'}</option>
            {prefs.value.memberId && !members.value.some((m) => m.id === prefs.value.memberId) && (
              <option value={prefs.value.memberId}>{prefs.value.memberId}</option>
            )}
            {members.value.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        ) : (
          <p class="muted">Loading members…</p>
        )}
        {prefs.status === 'ready' && prefs.value.syncEnabled ? (
          <p class="small muted">Set by your relay token while team sync is on.</p>
        ) : (
          <p class="small muted" data-testid="local-identity">
            With team sync off, this choice is a view, not a wall: anyone using this browser can pick any member and see
            what that member’s roles allow. It keeps nothing from anyone who can open this page. With sync on, the relay
            decides who you are from your token, and sends only what your roles allow.
          </p>
        )}
        <p class="small muted" aria-live="polite">
          {saved}
        </p>
      </section>
      <SettingsForm service={service} onSaved={changed} />
      <ImportExport
        service={service}
        now={now}
        download={download}
        onImported={(changedOrders) => {
          setVersion((n) => n + 1);
          changed(changedOrders);
        }}
      />
      <SyncForm service={service} team={team} requestPermission={requestPermission} onChanged={() => changed()} />
      <ForgetData
        confirm={confirm}
        forget={forget}
        onForgotten={() => {
          setSaved('');
          setVersion((n) => n + 1);
          changed();
        }}
      />
    </main>
  );
}
