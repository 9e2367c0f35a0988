import { CloseCode } from '../close-codes.ts';
import { encodePermissionDenied } from '../wire-protocol.ts';
import type { RelayConnection } from './relay-hooks.ts';
import { RefusedUpdateError } from './write-validation.ts';

/**
 * Tells a connection why its message was not taken and closes it. A `RefusedUpdateError` (what the
 * update writes is not allowed) is told to the sender alone, in a permission-denied message, and
 * closes it with 4422; anything else (a malformed message, an incomplete update) with 4400. The
 * close reasons are the relay's own fixed sentences, never the client's input.
 */
export function refuseConnection(connection: RelayConnection, error: unknown): void {
  if (error instanceof RefusedUpdateError) {
    connection.reply(encodePermissionDenied(error.message));
    connection.close(CloseCode.refusedUpdate, 'update refused: not allowed for this member');
  } else connection.close(CloseCode.malformedMessage, 'malformed message');
}
