import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createHoldfastService } from '../../data/holdfast-service.ts';
import { openHoldfastStore } from '../../data/open-store.ts';
import { createPreferences } from '../../data/preferences.ts';
import { SidePanelApp } from './side-panel-app.tsx';

export function mountSidePanel(root: HTMLElement): void {
  const service = createHoldfastService(openHoldfastStore(), createPreferences(browser.storage.local));
  render(<SidePanelApp service={service} now={() => new Date()} openOptions={() => void browser.runtime.openOptionsPage()} />, root);
}
