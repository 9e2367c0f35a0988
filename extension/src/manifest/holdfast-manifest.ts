/**
 * What the extension asks the browser for, in one place: `wxt.config.ts` builds the manifest from
 * it, the content script's entrypoint takes its pages from it, and tests pin it.
 *
 * Least privilege: a production build reaches only the ordering portal's pages; the relay's
 * origin is asked for when sync is turned on. A development build (`wxt build --mode development`,
 * which the end-to-end tests load) also runs on this computer's pages, for the demo portal page,
 * and reaches a relay on this computer without asking.
 */

/** The ordering portal (Cisco Commerce Workspace) serves orders under both path families. */
export const PORTAL_PAGES = ['https://apps.cisco.com/ccw/*', 'https://apps.cisco.com/Commerce/*'];

/** This computer's pages (the demo portal page) and relay: development builds only. */
export const DEVELOPMENT_PAGES = ['http://127.0.0.1/*', 'http://localhost/*'];
export const DEVELOPMENT_RELAYS = ['ws://127.0.0.1/*', 'ws://localhost/*'];

/**
 * A team relay's origin, asked for only when the user turns sync on: `wss://` alone in production
 * (the token travels in the connection, see `checkRelayUrl`); a development build also reaches a
 * relay on this computer.
 */
export const RELAY_HOSTS = ['wss://*/*'];
export const relayHosts = (mode: string): string[] =>
  isDevelopment(mode) ? [...RELAY_HOSTS, ...DEVELOPMENT_RELAYS] : [...RELAY_HOSTS];

export type BuildMode = 'production' | 'development';

export const isDevelopment = (mode: string): boolean => mode === 'development';

/** The pages the content script runs on. */
export const contentScriptPages = (mode: string): string[] =>
  isDevelopment(mode) ? [...PORTAL_PAGES, ...DEVELOPMENT_PAGES] : [...PORTAL_PAGES];

/** The hosts the extension holds from install. */
export const hostPermissions = (mode: string): string[] =>
  isDevelopment(mode) ? [...PORTAL_PAGES, ...DEVELOPMENT_PAGES, ...DEVELOPMENT_RELAYS] : [...PORTAL_PAGES];

export interface ManifestEnv {
  browser: string;
  manifestVersion: 2 | 3;
  mode: string;
}

/** The manifest fields Holdfast sets; WXT adds the entrypoints. */
export function holdfastManifest({ browser, manifestVersion, mode }: ManifestEnv) {
  // Firefox has a sidebar (from the side panel entrypoint) but no sidePanel API.
  const apis =
    browser === 'firefox'
      ? ['storage', 'alarms', 'notifications']
      : ['sidePanel', 'storage', 'alarms', 'notifications'];
  return {
    name: 'Holdfast',
    description: 'Keeps Smart-license orders from being forgotten in a Partner Holding Smart Account.',
    permissions: apis,
    host_permissions: hostPermissions(mode),
    ...(manifestVersion === 3
      ? { optional_host_permissions: relayHosts(mode) }
      : { optional_permissions: relayHosts(mode) }),
    action: { default_title: 'Holdfast' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'holdfast@holdfast.example', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  };
}
