import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createHoldfastService } from '../../data/holdfast-service.ts';
import { importThroughBackground } from '../../data/import-through-background.ts';
import { keptLocalReader } from '../../data/kept-local.ts';
import { openHoldfastStore } from '../../data/open-store.ts';
import { createPreferences } from '../../data/preferences.ts';
import { connectTeamChannel } from '../../data/team-channel.ts';
import { forgetResponseSchema, type ForgetRequest } from '../../messaging/messages.ts';
import { bytesToBase64 } from '../../messaging/workbook-bytes.ts';
import { syncSummarySchema, type ImportedNotice, type ImportFileRequest } from '../../messaging/team-messages.ts';
import { OptionsApp } from './options-app.tsx';

const download = (fileName: string, mime: string, text: string) => {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export function mountOptions(root: HTMLElement): void {
  const store = openHoldfastStore();
  const local = createHoldfastService(store, createPreferences(browser.storage.local));
  // With sync on, the background imports (it holds the team's documents: they, not this page's
  // store, write the orders the member may share); with sync off it declines and the store writes.
  const service: typeof local = {
    ...local,
    async importFile(content, fileName, memberId, now, onProgress) {
      // With sync off the file never travels to the background: a real partner's export (tens of
      // megabytes) would pass through extension messaging only to be declined, and messages past
      // 64 MB are dropped. The page imports it here, with its progress shown throughout.
      const status = syncSummarySchema.parse(
        ((await browser.runtime.sendMessage({ type: 'holdfast/sync-status' })) as { sync: unknown }).sync,
      ).status;
      if (status === 'off') return local.importFile(content, fileName, memberId, now, onProgress);
      const request: ImportFileRequest = {
        type: 'holdfast/import-file',
        content: typeof content === 'string' ? { text: content } : { workbookBase64: bytesToBase64(content) },
        fileName,
      };
      // Over a port: the background tells how far it is while it reads and saves.
      const answer = await importThroughBackground(browser.runtime, request, onProgress);
      if (!answer.handled) return local.importFile(content, fileName, memberId, now, onProgress);
      const { outcome } = answer;
      return outcome.ok
        ? { ok: true, report: { ...outcome.report, forDocuments: [], forDocumentTicks: [] }, sync: outcome.sync }
        : outcome;
    },
  };
  const team = connectTeamChannel(browser.runtime);
  const tell = (message: ImportedNotice | { type: 'holdfast/refresh' }) =>
    void browser.runtime
      .sendMessage(message)
      .catch((error: unknown) => console.warn('Holdfast: the background did not answer.', error));
  // An import is told with the orders it changed (sync sends exactly those); the badge follows either way.
  const changed = (changedOrders?: readonly string[]) =>
    tell(
      changedOrders
        ? { type: 'holdfast/imported', salesOrderNumbers: [...changedOrders] }
        : { type: 'holdfast/refresh' },
    );
  // `sidePanel.open` must run in the click's user gesture: the window id is looked up beforehand.
  let windowId: number | undefined;
  void browser.windows.getCurrent().then((current) => {
    windowId = current.id;
  });
  const openSidePanel = () => {
    const opening =
      'sidePanel' in browser && browser.sidePanel && windowId !== undefined
        ? browser.sidePanel.open({ windowId })
        : browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
    void Promise.resolve(opening).catch((error: unknown) =>
      console.error('Holdfast could not open the side panel', error),
    );
  };
  const requestPermission = (origin: string) => browser.permissions.request({ origins: [origin] });
  const forget = async () =>
    forgetResponseSchema.parse(await browser.runtime.sendMessage({ type: 'holdfast/forget' } satisfies ForgetRequest));
  render(
    <OptionsApp
      service={service}
      team={team}
      requestPermission={requestPermission}
      now={() => new Date()}
      download={download}
      changed={changed}
      confirm={(message) => window.confirm(message)}
      forget={forget}
      openSidePanel={openSidePanel}
      keptLocal={keptLocalReader(store)}
    />,
    root,
  );
}
