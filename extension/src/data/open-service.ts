import type { FirstScreenCache } from './first-screen.ts';
import { createHoldfastService, type HoldfastService } from './holdfast-service.ts';
import { openHoldfastStore } from './open-store.ts';
import type { PreferencesStore } from './preferences.ts';

/**
 * A page's service over the extension's store. The side panel imports this module on demand
 * (deferred-service.ts): Dexie, core's store and its rules load beside its first screen.
 */
export const openHoldfastService = (preferences: PreferencesStore, firstScreen: FirstScreenCache): HoldfastService =>
  createHoldfastService(openHoldfastStore(), preferences, firstScreen);
