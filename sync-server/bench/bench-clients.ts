// Clients for the relay benchmark: stock y-websocket providers for Holdfast and @y/websocket-server,
// the Hocuspocus provider for Hocuspocus — each relay is driven by the client it is built for.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningRelay } from './relay-servers.ts';

export interface BenchClient {
  doc: Y.Doc;
  synced: Promise<void>;
  destroy(): void;
}

export function connectBenchClient(
  relay: Pick<RunningRelay, 'kind' | 'url' | 'token'>,
  docName: string,
  token = relay.token,
): BenchClient {
  const doc = new Y.Doc();
  if (relay.kind === 'hocuspocus') {
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
  return { doc, synced, destroy: () => provider.destroy() };
}
