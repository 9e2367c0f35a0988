/**
 * NOTIFY channels and payloads. A notification is a doorbell: it says which document has a new
 * row and its number, never the row itself (the row is read from the table), so a lost or
 * duplicated notification can delay an update but never lose or corrupt one.
 */
export const CHANNEL = {
  documents: 'holdfast_documents',
  directory: 'holdfast_directory',
  presence: 'holdfast_presence',
} as const;

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7999;

export interface DocumentBell {
  docName: string;
  seq: number;
}

/** `<seq> <docName>`: the number first, so a document name may contain anything. */
export const encodeDocumentBell = (bell: DocumentBell): string => `${bell.seq} ${bell.docName}`;

export class MalformedNotificationError extends Error {}

export function decodeDocumentBell(payload: string): DocumentBell {
  const space = payload.indexOf(' ');
  const seq = Number(payload.slice(0, space));
  const docName = payload.slice(space + 1);
  if (space <= 0 || !Number.isSafeInteger(seq) || seq <= 0 || docName.length === 0) {
    throw new MalformedNotificationError(
      `a document notification is "<seq> <docName>"; got ${JSON.stringify(payload)}`,
    );
  }
  return { docName, seq };
}
