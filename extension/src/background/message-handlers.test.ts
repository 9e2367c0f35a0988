import { describe, expect, it } from 'vitest';
import { PORTAL_PAGES } from '../manifest/holdfast-manifest.ts';
import type { FirstScreen } from '../data/first-screen.ts';
import type { HoldfastService } from '../data/holdfast-service.ts';
import {
  createMessageHandlers,
  dispatch,
  parseRequest,
  type Handler,
  type MessageHandlerDeps,
  type MessageHandlers,
  type MessageType,
} from './message-handlers.ts';

const EXTENSION = { id: 'abcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnop' };
const trust = { extension: EXTENSION, portalPages: PORTAL_PAGES };
const extensionPage = { id: EXTENSION.id, url: `${EXTENSION.origin}/sidepanel.html`, origin: EXTENSION.origin };
const portalPage = {
  id: EXTENSION.id,
  url: 'https://apps.cisco.com/ccw/order/1',
  origin: 'https://apps.cisco.com',
  tab: { id: 7, windowId: 1 },
  frameId: 0,
};

/** Handlers that answer with their own type, recording what they were asked. */
function recordingHandlers(asked: string[]): MessageHandlers {
  const answer = <T extends MessageType>(type: T, from: Handler<T>['from']): Handler<T> => ({
    from,
    handle: async (_request, _sender, via) => {
      asked.push(from === 'extension-or-portal' ? `${type} via ${via}` : type);
      return { ok: true, sync: null, advice: null, summary: null, databases: [] } as never;
    },
  });
  return {
    'holdfast/summary': answer('holdfast/summary', 'extension'),
    'holdfast/oldest-in-holding': answer('holdfast/oldest-in-holding', 'extension'),
    'holdfast/portal-check': answer('holdfast/portal-check', 'portal'),
    'holdfast/refresh': answer('holdfast/refresh', 'extension'),
    'holdfast/forget': answer('holdfast/forget', 'extension'),
    'holdfast/tick': answer('holdfast/tick', 'extension'),
    'holdfast/order-action': answer('holdfast/order-action', 'extension'),
    'holdfast/track-portal-order': answer('holdfast/track-portal-order', 'extension-or-portal'),
    'holdfast/imported': answer('holdfast/imported', 'extension'),
    'holdfast/sync-status': answer('holdfast/sync-status', 'extension'),
  };
}

const send = (handlers: MessageHandlers, message: unknown, sender: object) =>
  new Promise<{ kept: boolean; response?: unknown }>((resolve) => {
    const request = parseRequest(message);
    if (!request) return resolve({ kept: false });
    const kept = dispatch(handlers, request, sender, trust, (response) => resolve({ kept, response }));
    if (!kept) resolve({ kept });
  });

describe("the background's message handlers", () => {
  it('answers each message type with its handler, from the sender the type allows', async () => {
    const asked: string[] = [];
    const handlers = recordingHandlers(asked);
    expect((await send(handlers, { type: 'holdfast/sync-status' }, extensionPage)).kept).toBe(true);
    const check = {
      type: 'holdfast/portal-check',
      salesOrderNumber: '1',
      smartAccount: { value: 'sa', label: 'SA' },
    };
    expect((await send(handlers, check, portalPage)).kept).toBe(true);
    expect(asked).toEqual(['holdfast/sync-status', 'holdfast/portal-check']);
  });

  it('leaves unanswered a message from a sender its type does not allow, or one that is no request', async () => {
    const asked: string[] = [];
    const handlers = recordingHandlers(asked);
    expect(await send(handlers, { type: 'holdfast/forget' }, portalPage)).toEqual({ kept: false });
    // A portal page may not read the member's orders: only the side panel asks for its first screen.
    expect(await send(handlers, { type: 'holdfast/oldest-in-holding' }, portalPage)).toEqual({ kept: false });
    const check = { type: 'holdfast/portal-check', salesOrderNumber: '1', smartAccount: { value: 'a', label: 'b' } };
    expect(await send(handlers, check, extensionPage)).toEqual({ kept: false });
    expect(await send(handlers, { type: 'holdfast/unknown' }, extensionPage)).toEqual({ kept: false });
    expect(asked).toEqual([]);
  });

  it('tells a handler either sender may use which one sent it', async () => {
    const asked: string[] = [];
    const handlers = recordingHandlers(asked);
    const track = { type: 'holdfast/track-portal-order', salesOrderNumber: '1' };
    expect((await send(handlers, track, portalPage)).kept).toBe(true);
    expect((await send(handlers, { ...track, windowId: 1 }, extensionPage)).kept).toBe(true);
    expect(await send(handlers, track, { ...portalPage, url: 'https://example.com/' })).toEqual({ kept: false });
    expect(asked).toEqual(['holdfast/track-portal-order via portal', 'holdfast/track-portal-order via extension']);
  });

  it('does not compile without a handler for every message type', () => {
    const { 'holdfast/tick': _left, ...others } = recordingHandlers([]);
    // @ts-expect-error 'holdfast/tick' has no handler
    const incomplete: MessageHandlers = others;
    expect(Object.keys(incomplete)).not.toContain('holdfast/tick');
  });

  describe("the side panel's early question for the oldest orders in holding", () => {
    const oldest = (memberId: string): FirstScreen => ({ memberId, total: null, entries: [] });
    /** The handler over a service with the given member chosen and screen kept, recording store reads. */
    const askWith = (memberId: string | null, kept: FirstScreen | null) => {
      const reads: string[] = [];
      const service = {
        preferences: { read: async () => ({ memberId }) },
        firstScreen: async () => kept,
        oldestInHolding: async (member: string) => {
          reads.push(member);
          return oldest(member);
        },
      } as unknown as HoldfastService;
      const deps = { withService: (work) => work(service) } as Pick<MessageHandlerDeps, 'withService'>;
      const handlers = createMessageHandlers(deps as MessageHandlerDeps);
      const response = handlers['holdfast/oldest-in-holding'].handle(
        { type: 'holdfast/oldest-in-holding' },
        {},
        'extension',
      );
      return { response, reads };
    };

    it("reads the store when no screen is kept for the chosen member (none, or another member's)", async () => {
      for (const kept of [null, oldest('acme:bob')]) {
        const { response, reads } = askWith('acme:alex', kept);
        expect(await response).toEqual({ screen: oldest('acme:alex') });
        expect(reads).toEqual(['acme:alex']);
      }
    });

    it('answers null without reading the store when a screen is kept for the chosen member, or none is chosen', async () => {
      for (const [memberId, kept] of [
        ['acme:alex', oldest('acme:alex')],
        [null, null],
      ] as const) {
        const { response, reads } = askWith(memberId, kept);
        expect(await response).toEqual({ screen: null });
        expect(reads).toEqual([]);
      }
    });
  });
});
