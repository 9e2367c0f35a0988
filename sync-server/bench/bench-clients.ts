// Clients for the relay benchmark: stock y-websocket providers for Holdfast and @y/websocket-server,
// the Hocuspocus provider for Hocuspocus — each relay is driven by the client it is built for.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { isHocuspocus, type RunningRelay } from './relay-servers.ts';

export interface BenchClient {
  doc: Y.Doc;
  synced: Promise<void>;
  /** Close codes of the connections the server closed (y-websocket clients; a relay refusal shows here). */
  closeCodes: number[];
  destroy(): void;
}

export function connectBenchClient(
  relay: Pick<RunningRelay, 'kind' | 'url' | 'token'>,
  docName: string,
  token = relay.token,
): BenchClient {
  const doc = new Y.Doc();
  if (isHocuspocus(relay.kind)) {
    const websocketProvider = new HocuspocusProviderWebsocket({ url: relay.url, WebSocketPolyfill: WebSocket });
    let done!: () => void;
    const synced = new Promise<void>((resolve) => (done = resolve));
    const provider = new HocuspocusProvider({
      websocketProvider,
      name: docName,
      document: doc,
      onSynced: () => done(),
    });
    provider.attach();
    return {
      doc,
      synced,
      closeCodes: [],
      destroy: () => {
        provider.destroy();
        websocketProvider.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(relay.url, docName, doc, {
    WebSocketPolyfill: WebSocket as never,
    params: token ? { token } : {},
    disableBc: true,
    resyncInterval: -1,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced: boolean) => isSynced && resolve());
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code);
  });
  return {
    doc,
    synced,
    closeCodes,
    destroy: () => {
      provider.destroy();
      // The provider's awareness (its 15 s check interval) ends only with its document: without
      // this, a bench that does not exit explicitly never ends (`pnpm bench cluster` hung).
      doc.destroy();
    },
  };
}

/** Waits until every client has synced, at most `timeoutMs`: a bench must fail, never hang. */
export async function syncAll(clients: BenchClient[], what: string, timeoutMs = 60_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(clients.map((c) => c.synced)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: clients did not sync in ${timeoutMs / 1000} s`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}
