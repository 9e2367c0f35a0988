import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '../src/background/create-background.ts';

export default defineBackground(() => {
  createBackground(browser);
});
