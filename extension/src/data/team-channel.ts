import {
  backgroundToPanelSchema,
  PANEL_PORT,
  savedResponseSchema,
  type BackgroundToPanel,
  type OrderAction,
  type OrderActionRequest,
  type PanelToBackground,
  type TickRequest,
} from '../messaging/team-messages.ts';

/** The parts of `browser.runtime` the channel uses; a fake in component tests. */
export interface RuntimeLike {
  connect(info: { name: string }): PortLike;
  sendMessage(message: unknown): Promise<unknown>;
}
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/**
 * How an extension page reaches the team: ticks, reviews and notes go through the background
 * (which stores them and sends them to the relay), presence and sync status come back over a port.
 * Pages never open a WebSocket or the sync documents themselves.
 */
export interface TeamChannel {
  tick(salesOrderNumber: string, stepId: string, ticked: boolean): Promise<void>;
  /** Marks the order reviewed or adds a note; rejects with the reason when it was not saved. */
  record(salesOrderNumber: string, action: OrderAction): Promise<void>;
  setViewing(salesOrderNumber: string | null): void;
  /** Asks the background to reconnect to the relay now rather than after its backoff. */
  retryNow(): void;
  subscribe(listener: (update: BackgroundToPanel) => void): () => void;
  close(): void;
}

/** Reconnects when the service worker restarted (its ports close with it). */
const RECONNECT_MS = 500;

export function connectTeamChannel(runtime: RuntimeLike): TeamChannel {
  const listeners = new Set<(update: BackgroundToPanel) => void>();
  let viewing: string | null = null;
  let closed = false;
  let port: PortLike;

  const connect = () => {
    port = runtime.connect({ name: PANEL_PORT });
    port.onMessage.addListener((message) => {
      const parsed = backgroundToPanelSchema.safeParse(message);
      if (parsed.success) for (const listener of listeners) listener(parsed.data);
    });
    port.onDisconnect.addListener(() => {
      if (!closed) setTimeout(connect, RECONNECT_MS);
    });
    if (viewing !== null) port.postMessage({ viewing } satisfies PanelToBackground);
  };
  connect();

  const save = async (request: TickRequest | OrderActionRequest): Promise<void> => {
    const response = savedResponseSchema.parse(await runtime.sendMessage(request));
    if (!response.ok) throw new Error(response.error);
  };

  return {
    tick: (salesOrderNumber, stepId, ticked) =>
      save({ type: 'holdfast/tick', salesOrderNumber, stepId, ticked } satisfies TickRequest),
    record: (salesOrderNumber, action) =>
      save({ type: 'holdfast/order-action', salesOrderNumber, action } satisfies OrderActionRequest),
    setViewing(salesOrderNumber) {
      viewing = salesOrderNumber;
      port.postMessage({ viewing } satisfies PanelToBackground);
    },
    retryNow() {
      port.postMessage({ viewing, retryNow: true } satisfies PanelToBackground);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      port.disconnect();
    },
  };
}
