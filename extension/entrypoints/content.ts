import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createContent } from '../src/content/create-content.ts';

export default defineContentScript({
  matches: ['https://apps.cisco.com/ccw/*', 'http://127.0.0.1/*', 'http://localhost/*'],
  main(ctx) {
    createContent(document, (message) => browser.runtime.sendMessage(message), ctx.signal);
  },
});
