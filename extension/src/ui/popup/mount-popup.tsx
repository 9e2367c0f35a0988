import { render } from 'preact';
import { browser } from 'wxt/browser';
import { summaryResponseSchema, type PopupSummary, type SummaryRequest } from '../../messaging/summary-messages.ts';
import { PopupApp } from './popup-app.tsx';

/**
 * Opens the side panel for this window; where there is no side panel API (Firefox), a tab.
 * `sidePanel.open` must run in the click's user gesture, so the window id is looked up beforehand.
 */
const openSidePanel = async (windowId: number | undefined) => {
  if ('sidePanel' in browser && browser.sidePanel && windowId !== undefined) {
    await browser.sidePanel.open({ windowId });
  } else {
    await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
  }
  window.close();
};

const loadSummary = async (): Promise<PopupSummary | null> => {
  const request: SummaryRequest = { type: 'holdfast/summary' };
  const response: unknown = await browser.runtime.sendMessage(request);
  const parsed = summaryResponseSchema.safeParse(response);
  if (!parsed.success)
    throw new Error(`The background answered with something else than a summary: ${JSON.stringify(response)}`);
  return parsed.data.summary;
};

export function mountPopup(root: HTMLElement): void {
  let windowId: number | undefined;
  void browser.windows.getCurrent().then((current) => {
    windowId = current.id;
  });
  render(
    <PopupApp
      loadSummary={loadSummary}
      openSidePanel={() =>
        void openSidePanel(windowId).catch((error: unknown) =>
          console.error('Holdfast could not open the side panel', error),
        )
      }
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    root,
  );
}
