import { useEffect, useState } from 'preact/hooks';
import type { TeamChannel } from '../../data/team-channel.ts';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import type { ForgetResponse } from '../../messaging/messages.ts';
import { useAsync } from '../shared/use-async.ts';
import { ForgetData } from './forget-data.tsx';
import { ImportExport } from './import-export.tsx';
import { KeptLocal, type KeptLocalPlace } from './kept-local.tsx';
import { NotificationsForm } from './notifications-form.tsx';
import { SettingsForm } from './settings-form.tsx';
import { SyncForm } from './sync-form.tsx';
import { WhoIAmSection } from './who-i-am-section.tsx';

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
  /** Opens the side panel in this window (step 3 of the first run). */
  openSidePanel(): void;
  /** The orders sync did not share, by place and why (shown while sync is on). */
  keptLocal?(memberId: string): Promise<KeptLocalPlace[]>;
}

/** Options, in first-run order: import → who I am → open the panel; then thresholds, the relay settings, forgetting. */
export function OptionsApp({
  service,
  team,
  requestPermission,
  now,
  download,
  changed,
  confirm,
  forget,
  openSidePanel,
  keptLocal,
}: OptionsProps) {
  const [version, setVersion] = useState(0);
  useEffect(() => service.onChange(() => setVersion((n) => n + 1)), [service]);
  const who = useAsync(() => service.whoIAm(), [], version);
  const prefs = useAsync(() => service.preferences.read(), [], version);
  const [saved, setSaved] = useState('');

  const ready =
    who.status === 'ready' && prefs.status === 'ready' && who.value.storedOrders > 0 && prefs.value.memberId !== null;

  const chooseMember = async (memberId: string | null) => {
    await service.preferences.update({ memberId });
    setSaved('Saved.');
    setVersion((n) => n + 1);
    changed();
  };

  return (
    <main class="options">
      <h1 class="brand">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        Holdfast options
      </h1>
      <ImportExport
        service={service}
        now={now}
        download={download}
        onImported={(changedOrders) => {
          setVersion((n) => n + 1);
          changed(changedOrders);
        }}
      />
      <section aria-labelledby="who">
        <h2 id="who">2. Who I am</h2>
        {who.status === 'ready' && prefs.status === 'ready' ? (
          <WhoIAmSection
            who={who.value}
            memberId={prefs.value.memberId}
            syncEnabled={prefs.value.syncEnabled}
            chooseMember={chooseMember}
            claimHoldingAccount={async (smartAccountId) =>
              chooseMember(await service.claimHoldingAccount(smartAccountId, now()))
            }
          />
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
      <section aria-labelledby="open-panel">
        <h2 id="open-panel">3. Open the side panel</h2>
        <p>
          <button type="button" class="primary" disabled={!ready} onClick={openSidePanel}>
            Open the side panel
          </button>
        </p>
        <p class="small muted">
          {ready
            ? 'It lists your orders, needs action first. The toolbar icon opens it too.'
            : 'Import your orders and say who you are first.'}
        </p>
      </section>
      <SettingsForm service={service} onSaved={changed} />
      {prefs.status === 'ready' && (
        <NotificationsForm
          preferences={service.preferences}
          reviewReminder={prefs.value.reviewReminder}
          onSaved={() => {
            setVersion((n) => n + 1);
            changed();
          }}
        />
      )}
      <SyncForm service={service} team={team} requestPermission={requestPermission} onChanged={() => changed()} />
      {keptLocal && prefs.status === 'ready' && prefs.value.syncEnabled && prefs.value.memberId !== null && (
        <KeptLocal memberId={prefs.value.memberId} version={version} load={keptLocal} />
      )}
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
