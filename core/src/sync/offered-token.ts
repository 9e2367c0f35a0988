import { TOKEN_PROTOCOL_PREFIX } from './wire-protocol.ts';

/**
 * The token a WebSocket connection offers, as the relay reads it (and the test relay with it): the
 * `holdfast-token.<jwt>` subprotocol Holdfast's provider sends, else the `token` of the request's
 * query, where stock y-websocket clients put it. An empty token is none.
 */
export function offeredToken(query: string, protocols: readonly string[]): string | null {
  const fromProtocol = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  const token = fromProtocol
    ? fromProtocol.slice(TOKEN_PROTOCOL_PREFIX.length)
    : new URLSearchParams(query).get('token');
  return token || null;
}
