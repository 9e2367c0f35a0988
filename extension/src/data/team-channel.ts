import {
  backgroundToPanelSchema,
  PANEL_PORT,
  tickResponseSchema,
  type BackgroundToPanel,
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
 * How an extension page reaches the team: ticks go through the background (which stores them and
 * sends them to the relay), presence and sync status come back over a port. Pages never open a
 * WebSocket or the sync documents themselves.
 */
export interface TeamChannel {
  tick(salesOrderNumber: string, stepId: string, ticked: boolean): Promise<void>;
  setViewing(salesOrderNumber: string | null): void;
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

  return {
    async tick(salesOrderNumber, stepId, ticked) {
      const response = tickResponseSchema.parse(await runtime.sendMessage({ type: 'holdfast/tick', salesOrderNumber, stepId, ticked } satisfies TickRequest));
      if (!response.ok) throw new Error(response.error);
    },
    setViewing(salesOrderNumber) {
      viewing = salesOrderNumber;
      port.postMessage({ viewing } satisfies PanelToBackground);
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
