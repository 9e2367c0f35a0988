import { MalformedMessageError } from '@holdfast/core';
import type { BeforeUpdateHook } from '../documents/relay-document.ts';
import type { WriteValidator } from './validate-writes.ts';

/**
 * A client update the relay refuses whole because of what it writes (not because it is garbage).
 * `reason` says which entry and why; the server tells only the sender, in a permission-denied
 * message, and closes it with the fixed reason of {@link CloseCode.refusedUpdate}.
 */
export class RefusedUpdateError extends Error {
  constructor(readonly reason: string) {
    super(`update refused: ${reason}`);
    this.name = 'RefusedUpdateError';
  }
}

/** The relay's write validation as the last `beforeUpdate` hook: after the completeness check. */
export function writeValidationHook(validate: WriteValidator): BeforeUpdateHook {
  return ({ documentName, doc, connection, update }) => {
    const verdict = validate(documentName, doc, connection.member.id, update);
    if (verdict.ok) return;
    if (verdict.malformed) throw new MalformedMessageError(verdict.reason);
    throw new RefusedUpdateError(verdict.reason);
  };
}
