import type { HoldfastService } from '../data/holdfast-service.ts';
import { isKeptFor } from '../data/first-screen.ts';
import {
  requestSchema,
  type ForgetResponse,
  type HoldfastRequest,
  type PortalCheckResponse,
  type TrackPortalOrderResponse,
} from '../messaging/messages.ts';
import {
  oldestInHoldingRequestSchema,
  type OldestInHoldingRequest,
  type OldestInHoldingResponse,
} from '../messaging/first-screen-messages.ts';
import { summaryRequestSchema, type SummaryRequest, type SummaryResponse } from '../messaging/summary-messages.ts';
import type { SavedResponse, SyncSummary } from '../messaging/team-messages.ts';
import { forgetThisComputer } from './forget-data.ts';
import type { createPortalOrders } from './portal-orders.ts';
import type { createRateLimiter } from './rate-limit.ts';
import type { SummaryKeeper } from './summary-keeper.ts';
import type { TeamSyncHost } from './team-sync-host.ts';
import { isExtensionPage, isPortalPage, type ExtensionIdentity, type SenderLike } from './trusted-sender.ts';

/** Every message the background answers: the pages' requests, the popup's and the side panel's first reads. */
export type BackgroundRequest = HoldfastRequest | SummaryRequest | OldestInHoldingRequest;
export type MessageType = BackgroundRequest['type'];
export type RequestOf<T extends MessageType> = Extract<BackgroundRequest, { type: T }>;

/** What the background answers to each message type. */
export interface Responses {
  'holdfast/summary': SummaryResponse | { error: string };
  'holdfast/oldest-in-holding': OldestInHoldingResponse;
  'holdfast/portal-check': PortalCheckResponse | { error: string };
  'holdfast/track-portal-order': TrackPortalOrderResponse | { error: string };
  'holdfast/refresh': { ok: true };
  'holdfast/forget': ForgetResponse;
  'holdfast/tick': SavedResponse;
  'holdfast/order-action': SavedResponse;
  'holdfast/imported': { ok: true };
  'holdfast/sync-status': { sync: SyncSummary };
}

export type Sender = SenderLike & { tab?: { id?: number; windowId?: number } };

/** Who sent a message: the extension's own pages, or the content script of a portal page the manifest lists. */
export type SenderKind = 'extension' | 'portal';

export interface Handler<T extends MessageType> {
  /** Who may send it. */
  from: SenderKind | 'extension-or-portal';
  handle(request: RequestOf<T>, sender: Sender, via: SenderKind): Promise<Responses[T]>;
}

/** One handler per message type: a new type without one does not compile (`satisfies` below). */
export type MessageHandlers = { [T in MessageType]: Handler<T> };

export interface MessageHandlerDeps {
  /** Runs work with the service over the worker's one store. */
  withService<T>(work: (service: HoldfastService) => Promise<T>): Promise<T>;
  teamSync: Pick<TeamSyncHost, 'stop' | 'summary' | 'sharedWrites' | 'importFile'>;
  /** The popup's counts, kept between popups (summary-keeper.ts). */
  summaries: Pick<SummaryKeeper, 'get'>;
  /** The portal page's order: its advice and "Start tracking this order" (portal-orders.ts). */
  portalOrders: Pick<ReturnType<typeof createPortalOrders>, 'check' | 'track'>;
  /** Refreshes the badge and notifications (`reviewReminder` false: no notification now). */
  refresh(): Promise<void>;
  storage: { local: StorageAreaLike; session: StorageAreaLike };
  portalChecks: ReturnType<typeof createRateLimiter>;
  indexedDB: IDBFactory;
}

/** The part of `browser.storage.*` the handlers use. */
export interface StorageAreaLike {
  set(items: Record<string, unknown>): Promise<void>;
  clear(): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createMessageHandlers(deps: MessageHandlerDeps): MessageHandlers {
  const { withService, teamSync } = deps;
  return {
    'holdfast/summary': {
      from: 'extension',
      handle: () => deps.summaries.get().catch((error: unknown) => ({ error: messageOf(error) })),
    },
    'holdfast/oldest-in-holding': {
      from: 'extension',
      handle: () =>
        withService(async (service): Promise<OldestInHoldingResponse> => {
          // The early script asks before it knows whether a screen is kept: with one kept for the
          // chosen member the panel shows that, so the store is not read for nothing.
          const [{ memberId }, kept] = await Promise.all([service.preferences.read(), service.firstScreen()]);
          if (!memberId || isKeptFor(kept, memberId)) return { screen: null };
          return { screen: await service.oldestInHolding(memberId, new Date()) };
        }).catch((error: unknown) => ({ error: messageOf(error) })),
    },
    'holdfast/portal-check': {
      from: 'portal',
      async handle(request, sender) {
        if (!deps.portalChecks.allow(String(sender.tab?.id)))
          return { error: 'Too many portal checks from this tab; try again in a few seconds.' };
        return deps.portalOrders.check(request, sender.tab?.windowId).catch((error: unknown) => {
          console.error('Holdfast could not check the portal order', error);
          return { advice: null };
        });
      },
    },
    // "Start tracking this order" comes from the portal banner or from the side panel.
    'holdfast/track-portal-order': {
      from: 'extension-or-portal',
      async handle(request, sender, via) {
        if (via === 'portal' && !deps.portalChecks.allow(String(sender.tab?.id)))
          return { error: 'Too many portal checks from this tab; try again in a few seconds.' };
        // A portal page tracks its own window's order; the side panel names its window.
        const windowId = via === 'portal' ? sender.tab?.windowId : request.windowId;
        const response = await deps.portalOrders
          .track(request.salesOrderNumber, windowId)
          .catch((error: unknown): TrackPortalOrderResponse => ({ ok: false, error: messageOf(error) }));
        if (response.ok) void deps.refresh();
        return response;
      },
    },
    'holdfast/refresh': {
      from: 'extension',
      handle: () => deps.refresh().then(() => ({ ok: true }) as const),
    },
    'holdfast/forget': {
      from: 'extension',
      // The worker's own store connection closes itself when its database is deleted (Dexie), and
      // reopens an empty one when next used.
      handle: () =>
        forgetThisComputer({
          stopSync: () => teamSync.stop(),
          areas: [deps.storage.local, deps.storage.session],
          indexedDB: deps.indexedDB,
        }).then(
          ({ databases }): ForgetResponse => ({ ok: true, databases }),
          (error: unknown): ForgetResponse => ({ ok: false, error: messageOf(error) }),
        ),
    },
    'holdfast/sync-status': {
      from: 'extension',
      handle: async () => ({ sync: teamSync.summary() }),
    },
    // An import with sync on went through the import port (import-port.ts) and shared itself; one made with
    // sync off is shared when its documents open. Only the badge follows here.
    'holdfast/imported': {
      from: 'extension',
      handle: () => deps.refresh().then(() => ({ ok: true }) as const),
    },
    // The store checks the member's role; with sync on the document holding the order takes the
    // write and the store follows it (one writer), else the store writes it.
    'holdfast/tick': {
      from: 'extension',
      handle: (request) =>
        saving(withService, async (service, memberId) => {
          const at = new Date();
          const { salesOrderNumber, stepId, ticked } = request;
          await service.tickStep(memberId, salesOrderNumber, stepId, ticked, at, teamSync.sharedWrites());
        }),
    },
    'holdfast/order-action': {
      from: 'extension',
      handle: (request) =>
        saving(withService, async (service, memberId) => {
          const at = new Date().toISOString();
          const stamp = { id: `${memberId}:${crypto.randomUUID()}`, at };
          await service.recordOrderAction(
            memberId,
            request.salesOrderNumber,
            request.action,
            stamp,
            teamSync.sharedWrites(),
          );
          void deps.refresh(); // a review changes what is due: the badge follows
        }),
    },
  } satisfies MessageHandlers;
}

/** A write in the chosen member's name, answered with whether it was stored and why not. */
function saving(
  withService: MessageHandlerDeps['withService'],
  write: (service: HoldfastService, memberId: string) => Promise<void>,
): Promise<SavedResponse> {
  return withService(async (service): Promise<SavedResponse> => {
    const { memberId } = await service.preferences.read();
    if (!memberId) return { ok: false, error: 'Choose who you are in the options first.' };
    await write(service, memberId);
    return { ok: true };
  }).catch((error: unknown): SavedResponse => ({ ok: false, error: messageOf(error) }));
}

/** The request a message is, or null when it is none the background answers. */
export function parseRequest(message: unknown): BackgroundRequest | null {
  for (const schema of [summaryRequestSchema, oldestInHoldingRequestSchema]) {
    const small = schema.safeParse(message);
    if (small.success) return small.data;
  }
  const parsed = requestSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

/**
 * Answers one message: a sender that may not send its type gets no answer (false: the channel
 * closes), else the handler's answer, asynchronously (true keeps the channel open).
 */
export function dispatch(
  handlers: MessageHandlers,
  request: BackgroundRequest,
  sender: Sender,
  trust: { extension: ExtensionIdentity; portalPages: readonly string[] },
  sendResponse: (response: unknown) => void,
): boolean {
  const handler = handlers[request.type] as Handler<MessageType>;
  const via: SenderKind | null =
    handler.from !== 'portal' && isExtensionPage(sender, trust.extension)
      ? 'extension'
      : handler.from !== 'extension' && isPortalPage(sender, trust.extension, trust.portalPages)
        ? 'portal'
        : null;
  if (!via) return false;
  handler
    .handle(request as RequestOf<MessageType>, sender, via)
    .then(sendResponse, (error: unknown) => sendResponse({ error: messageOf(error) }));
  return true;
}
