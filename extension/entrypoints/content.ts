import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createContent } from '../src/content/create-content.ts';
import { PORTAL_PAGES } from '../src/manifest/holdfast-manifest.ts';

export default defineContentScript({
  // A development build adds this computer's pages (wxt.config.ts).
  matches: PORTAL_PAGES,
  main(ctx) {
    createContent(document, (message) => browser.runtime.sendMessage(message), ctx.signal);
  },
});
