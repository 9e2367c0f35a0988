/**
 * @holdfast/core/protocol — the wire contract the client and the relay share: document names, who
 * may open which document, close codes and the messages on the socket. One module each, used by
 * the provider, the relay process and the test relay alike.
 */
export * from './doc-names.ts';
export * from './doc-access.ts';
export * from './close-codes.ts';
export * from './wire-protocol.ts';
export * from './offered-token.ts';
