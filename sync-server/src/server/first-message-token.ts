import { decodeMessage } from '@holdfast/core/protocol';
import type { WebSocket } from 'ws';

export interface TokenWait {
  /** The token from the URL or subprotocol; else the first message's, or null when it is not one. */
  readonly token: Promise<string | null>;
  /** Frames received after the token and before authentication finished, in order. */
  readonly pending: Uint8Array[];
  /** True when more frames came before authentication than `maxPending`. */
  overflowed(): boolean;
  /** Stops listening; everything after runs synchronously until the connection's own handler is attached. */
  stop(): void;
}

/** The token of a frame, or null when the frame is anything else. */
const tokenIn = (data: Buffer): string | null => {
  try {
    const message = decodeMessage(new Uint8Array(data));
    return message.type === 'token' ? message.token : null;
  } catch {
    return null;
  }
};

/**
 * Waits for a socket's token: the one its request carried, or else its first message, which must
 * be a token message (Holdfast's client keeps the token out of URLs). Gives up (null) after
 * `timeoutMs` or when the socket closes. Limits hold before authentication: a bounded queue.
 */
export function waitForToken(
  socket: WebSocket,
  fromRequest: string | null,
  limits: { maxPending: number; timeoutMs: number },
): TokenWait {
  let awaiting: ((token: string | null) => void) | null = null;
  const token =
    fromRequest !== null ? Promise.resolve(fromRequest) : new Promise<string | null>((resolve) => (awaiting = resolve));
  const settle = (value: string | null) => {
    const resolve = awaiting;
    awaiting = null;
    resolve?.(value);
    return resolve !== null;
  };
  const pending: Uint8Array[] = [];
  let overflowed = false;
  const onMessage = (data: Buffer) => {
    if (settle(tokenIn(data))) return;
    if (pending.length >= limits.maxPending) overflowed = true;
    else pending.push(new Uint8Array(data));
  };
  const giveUp = () => settle(null);
  socket.on('message', onMessage);
  socket.on('close', giveUp);
  const timer = setTimeout(giveUp, limits.timeoutMs);
  return {
    token,
    pending,
    overflowed: () => overflowed,
    stop() {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', giveUp);
    },
  };
}
