import type { HoldfastService } from '../data/holdfast-service.ts';
import { headlineOf } from '../data/finding-view.ts';
import { portalContextKey, type PortalContext } from '../data/portal-context.ts';
import {
  requestSchema,
  type ForgetResponse,
  type HoldfastRequest,
  type PortalCheckResponse,
} from '../messaging/messages.ts';
import { summaryRequestSchema, type SummaryRequest, type SummaryResponse } from '../messaging/summary-messages.ts';
import type { SavedResponse, SyncSummary } from '../messaging/team-messages.ts';
import { forgetThisComputer } from './forget-data.ts';
import type { createRateLimiter } from './rate-limit.ts';
import type { TeamSyncHost } from './team-sync-host.ts';
import { isExtensionPage, isPortalPage, type ExtensionIdentity, type SenderLike } from './trusted-sender.ts';

/** Every message the background answers: the pages' requests and the popup's summary request. */
export type BackgroundRequest = HoldfastRequest | SummaryRequest;
export type MessageType = BackgroundRequest['type'];
export type RequestOf<T extends MessageType> = Extract<BackgroundRequest, { type: T }>;

/** What the background answers to each message type. */
export interface Responses {
  'holdfast/summary': SummaryResponse | { error: string };
  'holdfast/portal-check': PortalCheckResponse | { error: string };
  'holdfast/refresh': { ok: true };
  'holdfast/forget': ForgetResponse;
  'holdfast/tick': SavedResponse;
  'holdfast/order-action': SavedResponse;
  'holdfast/imported': { ok: true } | { ok: false; error: string };
  'holdfast/sync-status': { sync: SyncSummary };
}

export type Sender = SenderLike & { tab?: { id?: number; windowId?: number } };

export interface Handler<T extends MessageType> {
  /** Who may send it: the extension's own pages, or the content script of a portal page the manifest lists. */
  from: 'extension' | 'portal';
  handle(request: RequestOf<T>, sender: Sender): Promise<Responses[T]>;
}

/** One handler per message type: a new type without one does not compile (`satisfies` below). */
export type MessageHandlers = { [T in MessageType]: Handler<T> };

export interface MessageHandlerDeps {
  /** Runs work with the service over the worker's one store. */
  withService<T>(work: (service: HoldfastService) => Promise<T>): Promise<T>;
  teamSync: Pick<TeamSyncHost, 'stop' | 'summary' | 'shareOrders' | 'sharedWrites'>;
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
      handle: () =>
        withService(async (service): Promise<SummaryResponse> => {
          const { memberId } = await service.preferences.read();
          if (!memberId) return { summary: null };
          const { urgent, ...counts } = await service.summary(memberId, new Date());
          return {
            summary: {
              ...counts,
              urgent: urgent.map((i) => ({
                salesOrderNumber: i.salesOrderNumber,
                customerName: i.customerName,
                ageDays: i.ageDays,
                message: headlineOf(i.findings)?.text ?? '',
              })),
            },
          };
        }).catch((error: unknown) => ({ error: messageOf(error) })),
    },
    'holdfast/portal-check': {
      from: 'portal',
      async handle(request, sender) {
        if (!deps.portalChecks.allow(String(sender.tab?.id)))
          return { error: 'Too many portal checks from this tab; try again in a few seconds.' };
        return withService(async (service): Promise<PortalCheckResponse> => {
          const { memberId } = await service.preferences.read();
          const advice = memberId
            ? await service.portalAdvice(memberId, request.salesOrderNumber, request.smartAccount, request.customerName)
            : null;
          // The side panel of the same window shows the page's order and the advice too.
          const windowId = sender.tab?.windowId;
          if (windowId !== undefined) {
            const context: PortalContext = {
              salesOrderNumber: request.salesOrderNumber,
              smartAccountLabel: request.smartAccount.label,
              advice,
              at: new Date().toISOString(),
            };
            await deps.storage.session.set({ [portalContextKey(windowId)]: context });
          }
          return { advice };
        }).catch((error: unknown) => {
          console.error('Holdfast could not check the portal order', error);
          return { advice: null };
        });
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
    'holdfast/imported': {
      from: 'extension',
      handle(request) {
        void deps.refresh();
        return teamSync.shareOrders(request.salesOrderNumbers).then(
          () => ({ ok: true }) as const,
          (error: unknown) => ({ ok: false, error: String(error) }) as const,
        );
      },
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
  const summary = summaryRequestSchema.safeParse(message);
  if (summary.success) return summary.data;
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
  const allowed =
    handler.from === 'extension'
      ? isExtensionPage(sender, trust.extension)
      : isPortalPage(sender, trust.extension, trust.portalPages);
  if (!allowed) return false;
  handler
    .handle(request as RequestOf<MessageType>, sender)
    .then(sendResponse, (error: unknown) => sendResponse({ error: messageOf(error) }));
  return true;
}
