/**
 * The part of the browser's WebSocket the provider uses, so tests pass an in-memory one and the
 * extension passes `globalThis.WebSocket`.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** `protocols` carries the token (see `TOKEN_PROTOCOL_PREFIX`), so it is never part of the URL. */
export type WebSocketConstructorLike = new (url: string, protocols?: string[]) => WebSocketLike;

export const WS_OPEN = 1;

/** Frames arrive as ArrayBuffer (binaryType 'arraybuffer') or, from some fakes, as Uint8Array. */
export function frameBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError(
    `A sync frame must be an ArrayBuffer or Uint8Array, got ${Object.prototype.toString.call(data)}.`,
  );
}
