import type { browser as wxtBrowser } from 'wxt/browser';
import { createHoldfastService, type HoldfastService } from '../data/holdfast-service.ts';
import { openHoldfastStore } from '../data/open-store.ts';
import { createPreferences } from '../data/preferences.ts';
import { requestSchema, type PortalCheckResponse } from '../messaging/messages.ts';
import { summaryRequestSchema, type SummaryResponse } from '../messaging/summary-messages.ts';
import { REVIEW_ALARM, refreshReminders } from './reminders.ts';

type Browser = typeof wxtBrowser;

/** Hourly: cheap, and a stopped worker is woken by the alarm; the review interval lives in settings. */
const ALARM_PERIOD_MINUTES = 60;

/**
 * Wires the service worker. Nothing is kept in module or closure state between events: each event
 * opens the store, does its work and closes it, because MV3 stops an idle worker.
 */
export function createBackground(api: Browser): void {
  const withService = async <T>(work: (service: HoldfastService) => Promise<T>): Promise<T> => {
    const store = openHoldfastStore();
    try {
      return await work(createHoldfastService(store, createPreferences(api.storage.local)));
    } finally {
      store.close();
    }
  };
  // Firefox's MV2 build has browserAction where MV3 has action.
  const action = api.action ?? api.browserAction;
  const reminderApi = {
    setBadge: (text: string) => action.setBadgeText({ text }),
    notify: async (id: string, title: string, message: string) => {
      await api.notifications.create(id, { type: 'basic', iconUrl: api.runtime.getURL('/icon/128.png'), title, message });
    },
  };
  const refresh = (reviewReminder: boolean) =>
    withService((service) => refreshReminders(service, api.storage.local, reminderApi, new Date(), { reviewReminder })).catch((error: unknown) =>
      console.error('Holdfast could not refresh reminders', error),
    );

  // Firefox has no side panel API; there the popup's button falls back to a tab.
  if ('sidePanel' in api && api.sidePanel) void api.sidePanel.setPanelBehavior({ openPanelOnActionClick: false });

  api.runtime.onInstalled.addListener(() => {
    void api.alarms.create(REVIEW_ALARM, { periodInMinutes: ALARM_PERIOD_MINUTES });
    void refresh(false);
  });
  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REVIEW_ALARM) void refresh(true);
  });
  api.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (response: unknown) => void) => {
    if (summaryRequestSchema.safeParse(message).success) {
      void withService(async (service): Promise<SummaryResponse> => {
        const { memberId } = await service.preferences.read();
        if (!memberId) return { summary: null };
        const { urgent, ...counts } = await service.summary(memberId, new Date());
        return {
          summary: {
            ...counts,
            urgent: urgent.map((i) => ({ salesOrderNumber: i.salesOrderNumber, customerName: i.customerName, ageDays: i.ageDays, message: i.findings[0]?.message ?? '' })),
          },
        };
      }).then(sendResponse, (error: unknown) => sendResponse({ error: error instanceof Error ? error.message : String(error) }));
      return true;
    }
    const parsed = requestSchema.safeParse(message);
    if (!parsed.success) return false;
    const request = parsed.data;
    if (request.type === 'holdfast/refresh') {
      void refresh(false).then(() => sendResponse({ ok: true }));
      return true;
    }
    void withService(async (service): Promise<PortalCheckResponse> => {
      const { memberId } = await service.preferences.read();
      if (!memberId) return { advice: null };
      return { advice: await service.portalAdvice(memberId, request.salesOrderNumber, request.smartAccount) };
    })
      .catch((error: unknown) => {
        console.error('Holdfast could not check the portal order', error);
        return { advice: null };
      })
      .then(sendResponse);
    return true;
  });
}
