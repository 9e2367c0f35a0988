import type { HoldfastStore } from '@holdfast/core/store';
import type { FirstScreenCache } from './first-screen.ts';
import { createOptionsService, type OptionsService } from './options-service.ts';
import { createOrderWorld } from './order-world.ts';
import { createPopupService, type PopupService } from './popup-service.ts';
import type { PreferencesStore } from './preferences.ts';
import { createSidePanelService, type SidePanelService } from './side-panel-service.ts';
import { createWhoIAmService, type WhoIAmService } from './who-i-am-service.ts';

// The view-model layer between the UI and core's store, split by screen: each screen's file says
// what that screen asks (side panel, popup, options' import/export/settings, who I am); this one
// puts them together with what every screen shares (change notices, preferences).
export type { FindingView } from './finding-view.ts';
export type {
  AssignmentView,
  HandOffView,
  LineView,
  OrderDetail,
  OrdersView,
  ReassignmentView,
  UnderwayView,
} from './side-panel-service.ts';
export type { HoldfastSummary } from './popup-service.ts';
export type { MemberChoice } from './who-i-am-service.ts';

/** The view-model layer between the UI and core's store: components call only this. */
export interface HoldfastService extends SidePanelService, PopupService, OptionsService, WhoIAmService {
  /** Calls `listener` after any change to the store or the preferences, from this page, the background (sync) or another page. */
  onChange(listener: () => void): () => void;
  readonly preferences: PreferencesStore;
}

const NO_FIRST_SCREEN: FirstScreenCache = { read: async () => null, save: async () => {} };

export function createHoldfastService(
  store: HoldfastStore,
  preferences: PreferencesStore,
  firstScreen = NO_FIRST_SCREEN,
): HoldfastService {
  const world = createOrderWorld(store);
  return {
    preferences,
    ...createWhoIAmService(store),
    ...createSidePanelService(store, preferences, firstScreen, world),
    ...createPopupService(store, world),
    ...createOptionsService(store),
    onChange(listener) {
      const stops = [store.onChange(listener), preferences.watch(listener)];
      return () => stops.forEach((stop) => stop());
    },
  };
}
