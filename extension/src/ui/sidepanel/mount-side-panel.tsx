import { render } from 'preact';
import { browser } from 'wxt/browser';
import { withEarlyRead } from '../../data/early-reads.ts';
import { createFirstScreenCache, FIRST_SCREEN_KEY } from '../../data/first-screen.ts';
import { deferredService } from '../../data/deferred-service.ts';
import { oldestFromBackground } from '../../data/oldest-from-background.ts';
import { portalContextKey, readPortalContext, type PortalContext } from '../../data/portal-context.ts';
import { createPreferences, PREFERENCES_KEY } from '../../data/preferences.ts';
import { connectTeamChannel } from '../../data/team-channel.ts';
import { trackPortalOrderResponseSchema, type TrackPortalOrderRequest } from '../../messaging/messages.ts';
import { SidePanelApp } from './side-panel-app.tsx';

/** Follows what the background recorded about the portal page in this panel's window. */
function watchPortal(listener: (context: PortalContext | null) => void): () => void {
  let key: string | null = null;
  const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
    if (key && key in changes) listener(readPortalContext(changes[key]!.newValue));
  };
  void browser.windows.getCurrent().then(async (current) => {
    if (current.id === undefined) return;
    key = portalContextKey(current.id);
    listener(readPortalContext((await browser.storage.session.get(key))[key]));
  });
  browser.storage.session.onChanged.addListener(onChanged);
  return () => browser.storage.session.onChanged.removeListener(onChanged);
}

/** Asks the background to record the new order on the portal page of this panel's window. */
async function trackPortalOrder(salesOrderNumber: string): Promise<void> {
  const { id: windowId } = await browser.windows.getCurrent();
  const request: TrackPortalOrderRequest = { type: 'holdfast/track-portal-order', salesOrderNumber, windowId };
  const response = trackPortalOrderResponseSchema.parse(await browser.runtime.sendMessage(request));
  if (!response.ok) throw new Error(response.error);
}

export function mountSidePanel(root: HTMLElement): void {
  const preferences = createPreferences(withEarlyRead(browser.storage.local, PREFERENCES_KEY));
  const firstScreen = createFirstScreenCache(withEarlyRead(browser.storage.session, FIRST_SCREEN_KEY));
  // The store's code is most of the panel's script: it loads beside the first screen, not before it.
  const loaded = import('../../data/open-service.ts').then(({ openHoldfastService }) =>
    openHoldfastService(preferences, firstScreen),
  );
  const service = deferredService(loaded, {
    preferences,
    firstScreen: () => firstScreen.read(),
    keepFirstScreen: (screen) => firstScreen.save(screen),
    // With nothing kept, the background (its store open and warm) reads the oldest orders while
    // this page loads: the first screen waits for neither the store's code nor IndexedDB.
    oldestInHolding: oldestFromBackground(browser.runtime),
  });
  const team = connectTeamChannel(browser.runtime);
  render(
    <SidePanelApp
      service={service}
      team={team}
      watchPortal={watchPortal}
      trackPortalOrder={trackPortalOrder}
      now={() => new Date()}
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    root,
  );
}
