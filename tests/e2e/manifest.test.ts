// The manifests Holdfast ships: least privilege in production, this computer only in development.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExtension, EXTENSION_DIR, ROOT } from './extension-harness.ts';

const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, 'extension/.output', dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const PORTAL = ['https://apps.cisco.com/ccw/*', 'https://apps.cisco.com/Commerce/*'];
const RELAYS = ['wss://*/*'];
const LOCAL_RELAYS = ['ws://127.0.0.1/*', 'ws://localhost/*'];

describe('the extension manifests', () => {
  it('asks in production for the portal only, runs only on its pages, and asks for a relay origin when sync is turned on', async () => {
    await buildExtension('chrome', 'production');
    const manifest = manifestOf('chrome-mv3');
    expect(manifest.permissions).toEqual(['sidePanel', 'storage', 'alarms', 'notifications']);
    expect(manifest.host_permissions).toEqual(PORTAL);
    expect(manifest.optional_host_permissions).toEqual(RELAYS);
    expect(manifest.content_scripts).toEqual([{ matches: PORTAL, js: ['content-scripts/content.js'] }]);
  });

  it('adds this computer’s pages and relay in the development build the end-to-end tests load', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const local = ['http://127.0.0.1/*', 'http://localhost/*'];
    expect(manifest.host_permissions).toEqual([...PORTAL, ...local, ...LOCAL_RELAYS]);
    expect(manifest.optional_host_permissions).toEqual([...RELAYS, ...LOCAL_RELAYS]);
    expect(manifest.content_scripts).toEqual([{ matches: [...PORTAL, ...local], js: ['content-scripts/content.js'] }]);
  });

  it('also builds for Firefox, with the side panel as its sidebar and the same least privilege', async () => {
    await buildExtension('firefox', 'production');
    const manifest = manifestOf('firefox-mv2');
    expect(manifest.sidebar_action).toEqual({ default_panel: 'sidepanel.html', default_title: 'Holdfast' });
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'notifications', ...PORTAL]);
    expect(manifest.optional_permissions).toEqual(RELAYS);
  });
});
