import type { ImportProgress } from '@holdfast/core/store';
import {
  IMPORT_PORT,
  importPortMessageSchema,
  type ImportFileRequest,
  type ImportFileResponse,
} from '../messaging/team-messages.ts';
import type { RuntimeLike } from './team-channel.ts';

/**
 * Sends a file to the background's import (sync on) over `IMPORT_PORT` and resolves with its
 * answer; `onProgress` hears how far it is meanwhile. Rejects if the port closes unanswered (the
 * service worker stopped): the page says so rather than wait forever.
 */
export function importThroughBackground(
  runtime: Pick<RuntimeLike, 'connect'>,
  request: ImportFileRequest,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportFileResponse> {
  return new Promise((resolve, reject) => {
    const port = runtime.connect({ name: IMPORT_PORT });
    let answered = false;
    port.onMessage.addListener((raw: unknown) => {
      const message = importPortMessageSchema.safeParse(raw);
      if (!message.success) return;
      if ('progress' in message.data) onProgress?.(message.data.progress);
      else {
        answered = true;
        resolve(message.data.response);
      }
    });
    port.onDisconnect.addListener(() => {
      if (!answered)
        reject(
          new Error(
            'The background stopped before it answered. Import the file again: an order imported twice is not doubled.',
          ),
        );
    });
    port.postMessage(request);
  });
}
