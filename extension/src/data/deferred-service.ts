import type { HoldfastService } from './holdfast-service.ts';

/** What a page has before the store's code is loaded: storage-backed reads, and the background. */
export type ServiceAtOnce = Pick<
  HoldfastService,
  'preferences' | 'firstScreen' | 'keepFirstScreen' | 'oldestInHolding'
>;

type Method = {
  [K in keyof HoldfastService]: HoldfastService[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof HoldfastService];

/**
 * The service of a page that shows its first screen before the store's code (Dexie, core's store
 * and rules: most of the side panel's script) has even loaded: `atOnce` answers from storage and
 * the background, and every other call waits for `loaded` — the import started with the page —
 * then goes to the real service. A change listener added meanwhile is attached once it is in.
 */
export function deferredService(loaded: Promise<HoldfastService>, atOnce: ServiceAtOnce): HoldfastService {
  const later =
    <K extends Method>(name: K) =>
    (...args: Parameters<HoldfastService[K]>): ReturnType<HoldfastService[K]> =>
      loaded.then((service) => (service[name] as (...a: typeof args) => Promise<unknown>)(...args)) as ReturnType<
        HoldfastService[K]
      >;
  return {
    ...atOnce,
    orders: later('orders'),
    refreshFirstScreen: later('refreshFirstScreen'),
    orderDetail: later('orderDetail'),
    tickStep: later('tickStep'),
    recordOrderAction: later('recordOrderAction'),
    portalAdvice: later('portalAdvice'),
    summary: later('summary'),
    importFile: later('importFile'),
    exportJson: later('exportJson'),
    exportCsv: later('exportCsv'),
    settings: later('settings'),
    updateSettings: later('updateSettings'),
    members: later('members'),
    whoIAm: later('whoIAm'),
    claimHoldingAccount: later('claimHoldingAccount'),
    onChange(listener) {
      let stop: (() => void) | null = null;
      let stopped = false;
      // A store that could not load says so through every other call.
      loaded.then(
        (service) => {
          if (!stopped) stop = service.onChange(listener);
        },
        () => {},
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
}
