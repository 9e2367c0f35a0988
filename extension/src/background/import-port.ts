import type { ImportProgress } from '@holdfast/core/store';
import {
  importFileRequestSchema,
  type ImportFileResponse,
  type ImportPortMessage,
} from '../messaging/team-messages.ts';
import { base64ToBytes } from '../messaging/workbook-bytes.ts';

/** The parts of a runtime port the background's end uses. */
export interface ImportPortLike {
  postMessage(message: ImportPortMessage): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export type ImportThroughTeam = (
  content: string | Uint8Array,
  fileName: string,
  onProgress: (progress: ImportProgress) => void,
) => Promise<ImportFileResponse>;

/**
 * The background's end of an options page's import with sync on (`IMPORT_PORT`): the first
 * message is the file; its progress goes back as it comes, then the answer, and the port closes.
 * Anything but a valid request closes the port unanswered; a page that went away is no longer told.
 */
export function serveImportPort(port: ImportPortLike, importFile: ImportThroughTeam): void {
  let gone = false;
  let asked = false;
  port.onDisconnect.addListener(() => (gone = true));
  const tell = (message: ImportPortMessage) => {
    if (!gone) port.postMessage(message);
  };
  port.onMessage.addListener((message: unknown) => {
    const request = importFileRequestSchema.safeParse(message);
    if (asked || !request.success) return port.disconnect();
    asked = true;
    const { content, fileName } = request.data;
    const file = 'text' in content ? content.text : base64ToBytes(content.workbookBase64);
    void importFile(file, fileName, (progress) => tell({ progress }))
      .catch((error: unknown): ImportFileResponse => ({
        handled: true,
        outcome: { ok: false, errors: [{ row: 0, column: null, message: String(error) }] },
      }))
      .then((response) => {
        tell({ response });
        if (!gone) port.disconnect();
      });
  });
}
