import { describe, expect, it } from 'vitest';
import { PORTAL_PAGES } from '../manifest/holdfast-manifest.ts';
import { isExtensionPage, isPortalPage, matchesPattern } from './trusted-sender.ts';

const EXTENSION = { id: 'abcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnop' };
const page = (path: string, extra: object = {}) => ({
  id: EXTENSION.id,
  url: `${EXTENSION.origin}/${path}`,
  origin: EXTENSION.origin,
  ...extra,
});
const portal = (url: string, extra: object = {}) => ({
  id: EXTENSION.id,
  url,
  origin: new URL(url).origin,
  tab: { id: 7, windowId: 1 },
  frameId: 0,
  ...extra,
});

describe('who may talk to the background', () => {
  it("accepts the extension's own pages, the options page open in a tab included", () => {
    expect(isExtensionPage(page('sidepanel.html'), EXTENSION)).toBe(true);
    expect(isExtensionPage(page('popup.html'), EXTENSION)).toBe(true);
    expect(isExtensionPage(page('options.html', { tab: { id: 3 } }), EXTENSION)).toBe(true);
  });

  it('refuses a content script, another extension, and a page whose origin disagrees with its URL', () => {
    expect(isExtensionPage(portal('https://apps.cisco.com/ccw/order/1'), EXTENSION)).toBe(false);
    expect(isExtensionPage({ ...page('sidepanel.html'), id: 'another' }, EXTENSION)).toBe(false);
    expect(isExtensionPage(page('sidepanel.html', { origin: 'https://apps.cisco.com' }), EXTENSION)).toBe(false);
    expect(isExtensionPage({ id: EXTENSION.id }, EXTENSION)).toBe(false);
  });

  it('takes portal checks only from the top frame of a portal page the manifest lists', () => {
    expect(isPortalPage(portal('https://apps.cisco.com/ccw/order/1'), EXTENSION, PORTAL_PAGES)).toBe(true);
    expect(isPortalPage(portal('https://apps.cisco.com/Commerce/order?id=1'), EXTENSION, PORTAL_PAGES)).toBe(true);
    for (const url of [
      'https://apps.cisco.com/other/1',
      'http://apps.cisco.com/ccw/order/1',
      'https://apps.cisco.com.evil.example/ccw/1',
      'https://evil.example/ccw/1',
      'http://127.0.0.1:5173/portal.html',
    ])
      expect(isPortalPage(portal(url), EXTENSION, PORTAL_PAGES), url).toBe(false);
    expect(isPortalPage(portal('https://apps.cisco.com/ccw/1', { frameId: 3 }), EXTENSION, PORTAL_PAGES)).toBe(false);
    expect(isPortalPage(portal('https://apps.cisco.com/ccw/1', { tab: undefined }), EXTENSION, PORTAL_PAGES)).toBe(
      false,
    );
    expect(
      isPortalPage(portal('https://apps.cisco.com/ccw/1', { origin: 'https://evil.example' }), EXTENSION, PORTAL_PAGES),
    ).toBe(false);
    expect(isPortalPage(page('sidepanel.html'), EXTENSION, PORTAL_PAGES)).toBe(false);
  });

  it('reads match patterns as the browser does: any port, * in host and path', () => {
    expect(matchesPattern('http://127.0.0.1/*', new URL('http://127.0.0.1:5173/portal.html'))).toBe(true);
    expect(matchesPattern('*://*.cisco.com/ccw/*', new URL('https://apps.cisco.com/ccw/x'))).toBe(true);
    expect(matchesPattern('*://*.cisco.com/ccw/*', new URL('https://cisco.com.evil.example/ccw/x'))).toBe(false);
    expect(matchesPattern('https://apps.cisco.com/ccw/*', new URL('https://apps.cisco.com/ccwx'))).toBe(false);
  });
});
