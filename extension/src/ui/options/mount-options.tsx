import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createHoldfastService } from '../../data/holdfast-service.ts';
import { openHoldfastStore } from '../../data/open-store.ts';
import { createPreferences } from '../../data/preferences.ts';
import { OptionsApp } from './options-app.tsx';

const download = (fileName: string, mime: string, text: string) => {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export function mountOptions(root: HTMLElement): void {
  const service = createHoldfastService(openHoldfastStore(), createPreferences(browser.storage.local));
  const changed = () => void browser.runtime.sendMessage({ type: 'holdfast/refresh' }).catch((error: unknown) => console.warn('Holdfast: the background did not refresh reminders.', error));
  render(<OptionsApp service={service} now={() => new Date()} download={download} changed={changed} />, root);
}
