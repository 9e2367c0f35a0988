import type { browser as wxtBrowser } from 'wxt/browser';
import { createHoldfastService, type HoldfastService } from '../data/holdfast-service.ts';
import { createFirstScreenCache } from '../data/first-screen.ts';
import { openHoldfastStore } from '../data/open-store.ts';
import { createPreferences } from '../data/preferences.ts';
import { PREFERENCES_KEY } from '../data/preferences.ts';
import {
  IMPORT_PORT,
  PANEL_PORT,
  panelToBackgroundSchema,
  type BackgroundToPanel,
} from '../messaging/team-messages.ts';
import { headlineOf } from '../data/finding-view.ts';
import type { SummaryResponse } from '../messaging/summary-messages.ts';
import { createFirstScreenKeeper } from './first-screen-keeper.ts';
import { serveImportPort } from './import-port.ts';
import { createMessageHandlers, dispatch, parseRequest } from './message-handlers.ts';
import { createPortalOrders } from './portal-orders.ts';
import { createSummaryKeeper } from './summary-keeper.ts';
import { createRateLimiter } from './rate-limit.ts';
import { restrictToExtensionPages, type AccessLevelArea } from './storage-access.ts';
import { REVIEW_ALARM, refreshReminders } from './reminders.ts';
import { createTeamSyncHost } from './team-sync-host.ts';
import { isExtensionPage, type ExtensionIdentity } from './trusted-sender.ts';
import type { WebSocketConstructorLike } from '@holdfast/core/sync';

type Browser = typeof wxtBrowser;

/** Hourly: cheap, and a stopped worker is woken by the alarm; the review interval lives in settings. */
const ALARM_PERIOD_MINUTES = 60;

/** A sync batch or an import is one burst of writes: the background's first screen follows once it settles. */
const FIRST_SCREEN_QUIET_MS = 2_000;

/** Ages and what is overdue move with the clock: a kept popup summary is recomputed past this. */
const SUMMARY_MAX_AGE_MS = 5 * 60_000;

/** Chrome keeps a worker with an open WebSocket alive while messages flow at least every 30 s. */
const KEEP_ALIVE_MS = 20_000;

/** A portal page may ask this often: enough for a user editing the order form, not for probing the store. */
const PORTAL_CHECKS = { burst: 20, intervalMs: 1_000 };

/**
 * Wires the service worker around ONE store, opened when the worker starts and kept while it lives
 * (MV3 stops an idle worker; every start opens it again): the team sync writes through it, every
 * message handler reads and writes through it, and it hears every context's writes. The team sync
 * keeps its WebSockets open while it runs (the traffic keeps the worker alive).
 */
export function createBackground(api: Browser): void {
  // First: the token and the member chosen live in storage.local, out of content scripts' reach.
  restrictToExtensionPages(api.storage.local as AccessLevelArea).catch((error: unknown) =>
    console.error('Holdfast could not keep its storage from content scripts', error),
  );
  const store = openHoldfastStore();
  const service = createHoldfastService(
    store,
    createPreferences(api.storage.local),
    createFirstScreenCache(api.storage.session),
  );
  const withService = <T>(work: (service: HoldfastService) => Promise<T>): Promise<T> => work(service);
  // Firefox's MV2 build has browserAction where MV3 has action.
  const action = api.action ?? api.browserAction;
  const reminderApi = {
    setBadge: (text: string) => action.setBadgeText({ text }),
    setBadgeLook: async ({ color, title }: { color: string; title: string }) => {
      await action.setBadgeBackgroundColor({ color });
      await action.setTitle({ title });
    },
    notify: async (id: string, title: string, message: string) => {
      await api.notifications.create(id, {
        type: 'basic',
        iconUrl: api.runtime.getURL('/icon/128.png'),
        title,
        message,
      });
    },
  };
  const refresh = (reviewReminder: boolean) =>
    withService((service) =>
      refreshReminders(service, api.storage.local, reminderApi, new Date(), { reviewReminder }),
    ).catch((error: unknown) => console.error('Holdfast could not refresh reminders', error));

  // Only the extension's own pages may edit, read counts or hold a panel port; a content script
  // may only ask for advice, from a portal page the manifest lists (trusted-sender.ts).
  const extension: ExtensionIdentity = { id: api.runtime.id, origin: api.runtime.getURL('/').replace(/\/$/, '') };
  const portalPages = (api.runtime.getManifest().content_scripts ?? []).flatMap((script) => script.matches ?? []);
  const portalChecks = createRateLimiter({ ...PORTAL_CHECKS, now: () => Date.now() });

  const preferences = createPreferences(api.storage.local);
  const panels = new Map<ReturnType<Browser['runtime']['connect']>, string | null>();
  const firstScreen = createFirstScreenKeeper({
    refresh: () => withService((service) => service.refreshFirstScreen(new Date())),
    panelOpen: () => panels.size > 0,
    quietMs: FIRST_SCREEN_QUIET_MS,
    onError: (error) => console.error('Holdfast could not keep the first screen', error),
  });
  // The popup's counts, kept between popups (summary-keeper.ts).
  const summaries = createSummaryKeeper({
    compute: () =>
      withService(async (service): Promise<SummaryResponse> => {
        const { memberId } = await service.preferences.read();
        if (!memberId) return { summary: null };
        const { urgent, ...counts } = await service.summary(memberId, new Date());
        return {
          summary: {
            ...counts,
            urgent: urgent.map((i) => ({
              salesOrderNumber: i.salesOrderNumber,
              customerName: i.customerName,
              ageDays: i.ageDays,
              message: headlineOf(i.findings)?.text ?? '',
            })),
          },
        };
      }),
    quietMs: FIRST_SCREEN_QUIET_MS,
    maxAgeMs: SUMMARY_MAX_AGE_MS,
    now: () => Date.now(),
    onError: (error) => console.error('Holdfast could not count the orders for the popup', error),
  });
  store.onChange(() => {
    firstScreen.changed();
    summaries.changed();
  });
  firstScreen.changed();
  summaries.changed();
  const teamSync = createTeamSyncHost({
    store,
    hasPermission: (origin) => api.permissions.contains({ origins: [origin] }),
    // The DOM typings accept only ArrayBuffer-backed views; the frames Yjs encodes are exactly that.
    environment: {
      WebSocket: WebSocket as unknown as WebSocketConstructorLike,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as number),
      random: Math.random,
      keepAliveMs: KEEP_ALIVE_MS,
    },
    persist: true,
    onChange: () => {
      for (const [port, viewing] of panels)
        port.postMessage({ sync: teamSync.summary(), viewers: teamSync.viewers(viewing) } satisfies BackgroundToPanel);
    },
    onError: (error) => console.error('Holdfast sync:', error),
  });
  const portalOrders = createPortalOrders({
    store,
    memberId: async () => (await preferences.read()).memberId,
    session: api.storage.session,
    importThroughSync: (snapshot, options) => teamSync.importOrders(snapshot, options),
    now: () => new Date(),
  });
  const applyPreferences = () => preferences.read().then((prefs) => teamSync.apply(prefs));
  void applyPreferences();
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(PREFERENCES_KEY in changes)) return;
    void applyPreferences();
    firstScreen.changed();
    summaries.changed();
  });
  api.permissions.onAdded.addListener(() => void applyPreferences());
  api.permissions.onRemoved.addListener(() => void applyPreferences());

  api.runtime.onConnect.addListener((port) => {
    if (port.name === IMPORT_PORT) {
      if (!port.sender || !isExtensionPage(port.sender, extension)) return port.disconnect();
      return serveImportPort(port, (content, fileName, onProgress) =>
        teamSync.importFile(content, fileName, new Date(), onProgress),
      );
    }
    if (port.name !== PANEL_PORT) return;
    if (!port.sender || !isExtensionPage(port.sender, extension)) return port.disconnect();
    panels.set(port, null);
    port.postMessage({ sync: teamSync.summary(), viewers: [] } satisfies BackgroundToPanel);
    port.onMessage.addListener((message: unknown) => {
      const parsed = panelToBackgroundSchema.safeParse(message);
      if (!parsed.success) return;
      panels.set(port, parsed.data.viewing);
      if (parsed.data.retryNow) teamSync.retryNow();
      teamSync.setViewing(parsed.data.viewing);
      port.postMessage({
        sync: teamSync.summary(),
        viewers: teamSync.viewers(parsed.data.viewing),
      } satisfies BackgroundToPanel);
    });
    port.onDisconnect.addListener(() => {
      panels.delete(port);
      teamSync.setViewing([...panels.values()].find((viewing) => viewing !== null) ?? null);
    });
  });

  // Firefox has no side panel API; there the popup's button falls back to a tab.
  if ('sidePanel' in api && api.sidePanel) void api.sidePanel.setPanelBehavior({ openPanelOnActionClick: false });

  api.runtime.onInstalled.addListener(() => {
    void api.alarms.create(REVIEW_ALARM, { periodInMinutes: ALARM_PERIOD_MINUTES });
    void refresh(false);
  });
  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REVIEW_ALARM) void refresh(true);
  });
  api.runtime.onStartup.addListener(() => void applyPreferences());
  const handlers = createMessageHandlers({
    withService,
    teamSync,
    summaries,
    portalOrders,
    refresh: () => refresh(false),
    storage: { local: api.storage.local, session: api.storage.session },
    portalChecks,
    indexedDB,
  });
  api.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (response: unknown) => void) => {
    const request = parseRequest(message);
    return request ? dispatch(handlers, request, sender, { extension, portalPages }, sendResponse) : false;
  });
}
