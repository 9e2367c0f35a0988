import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { PORTAL_LIMITS, type PortalCheckRequest, type TrackPortalOrderRequest } from '../messaging/messages.ts';
import { createContent } from './create-content.ts';

const demoHtml = readFileSync(new URL('../../demo/portal.html', import.meta.url), 'utf8');

describe('the content script', () => {
  it('asks nothing about an order number longer than any the portal shows', async () => {
    const window = new Window({ url: 'http://127.0.0.1/portal.html' });
    window.document.write(demoHtml);
    const doc = window.document as unknown as Document;
    let onSend: (message: PortalCheckRequest | TrackPortalOrderRequest) => void = () => undefined;
    const nextSend = () => new Promise<PortalCheckRequest | TrackPortalOrderRequest>((resolve) => (onSend = resolve));
    const controller = new AbortController();

    const first = nextSend();
    createContent(
      doc,
      async (message) => {
        onSend(message);
        return { advice: null };
      },
      controller.signal,
    );
    expect((await first).salesOrderNumber).toBe('104000074');

    const number = doc.querySelector<HTMLInputElement>('#salesOrderNumber')!;
    const type = (value: string) => {
      number.value = value;
      number.dispatchEvent(new window.Event('input', { bubbles: true }) as unknown as Event);
    };
    const next = nextSend();
    type('1'.repeat(PORTAL_LIMITS.salesOrderNumber + 1));
    // The marker: the next question is about the bounded number typed after the long one.
    type('104000075');
    expect((await next).salesOrderNumber).toBe('104000075');
    controller.abort();
  });
});
