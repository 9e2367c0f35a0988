import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** The portal, and this machine for the demo page and the relay that `pnpm start` runs. */
const PAGE_HOSTS = [
  'https://apps.cisco.com/ccw/*',
  'http://127.0.0.1/*',
  'http://localhost/*',
  'ws://127.0.0.1/*',
  'ws://localhost/*',
];
/** A team relay's origin, asked for only when the user turns sync on (options page). */
const RELAY_HOSTS = ['ws://*/*', 'wss://*/*'];

// Least privilege: the portal and this machine only; any other relay is asked for when needed.
export default defineConfig({
  srcDir: '.',
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Holdfast',
    description: 'Keeps Smart-license orders from being forgotten in a Partner Holding Smart Account.',
    // Firefox has a sidebar (from the side panel entrypoint) but no sidePanel API.
    permissions:
      browser === 'firefox'
        ? ['storage', 'alarms', 'notifications']
        : ['sidePanel', 'storage', 'alarms', 'notifications'],
    host_permissions: PAGE_HOSTS,
    ...(manifestVersion === 3 ? { optional_host_permissions: RELAY_HOSTS } : { optional_permissions: RELAY_HOSTS }),
    action: { default_title: 'Holdfast' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'holdfast@holdfast.example', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
