/**
 * WebSocket close codes the relay sends and the provider understands. 4000–4999 is the range
 * RFC 6455 leaves to applications; the last three digits echo the closest HTTP status.
 * A client must not reconnect after a code in {@link DO_NOT_RECONNECT}.
 */
export const CloseCode = {
  /** Standard: the server is shutting down; reconnect later. */
  goingAway: 1001,
  /** Standard: a frame larger than the relay accepts. */
  messageTooBig: 1009,
  /** The message could not be decoded as y-protocols sync or awareness. */
  malformedMessage: 4400,
  /** No token, one that does not verify, is revoked or has expired (also while connected). */
  unauthorized: 4401,
  /** The member's roles do not allow this document. */
  forbidden: 4403,
  /** The path is not a Holdfast document name. */
  unknownDocument: 4404,
  /** A role was revoked: the member may no longer open this document; delete its local copy. */
  accessRevoked: 4410,
  /** More bytes waiting to be sent to this client than the relay keeps for one socket: it does not read. */
  sendQueueFull: 4413,
  /**
   * The relay refused an update whole (nothing of it was stored or sent on): it wrote something the
   * member's roles do not allow, in another member's name, or over another member's entries, or
   * under a Yjs client id another member uses. The reason says which. Resending the same update
   * would be refused again, so the client does not reconnect on its own.
   */
  refusedUpdate: 4422,
  /** Too many messages, bytes or connections for this member, or messages before authentication. */
  rateLimited: 4429,
  /** The relay could not load or store the document. */
  storageFailure: 4500,
} as const;
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

export const DO_NOT_RECONNECT: ReadonlySet<number> = new Set([
  CloseCode.unauthorized,
  CloseCode.forbidden,
  CloseCode.unknownDocument,
  CloseCode.accessRevoked,
  CloseCode.refusedUpdate,
]);

/** Close reasons are limited to 123 bytes by RFC 6455. */
export function closeReason(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= 123 ? text : new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '') + '…';
}
