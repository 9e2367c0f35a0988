import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '@holdfast/core/store';
import { importThroughBackground } from '../data/import-through-background.ts';
import type { ImportFileRequest, ImportFileResponse } from '../messaging/team-messages.ts';
import { bytesToBase64 } from '../messaging/workbook-bytes.ts';
import { serveImportPort, type ImportThroughTeam } from './import-port.ts';

type Listener = (message: unknown) => void;

/** Two ends of a runtime port, as Chrome's behave: messages arrive later, copied; a disconnect is heard by the other end only. */
function portPair() {
  const ends = [0, 1].map(() => ({ message: [] as Listener[], disconnect: [] as (() => void)[] }));
  const end = (self: number) => {
    const other = ends[1 - self]!;
    return {
      postMessage: (message: unknown) => {
        const copy = structuredClone(message);
        queueMicrotask(() => other.message.forEach((listener) => listener(copy)));
      },
      disconnect: () => queueMicrotask(() => other.disconnect.forEach((listener) => listener())),
      onMessage: { addListener: (listener: Listener) => void ends[self]!.message.push(listener) },
      onDisconnect: { addListener: (listener: () => void) => void ends[self]!.disconnect.push(listener) },
    };
  };
  return { page: end(0), background: end(1) };
}

/** The page's runtime, whose `connect` reaches a background serving `importFile`. */
function runtimeServing(importFile: ImportThroughTeam) {
  return {
    connect: () => {
      const { page, background } = portPair();
      serveImportPort(background, importFile);
      return page;
    },
  };
}

const ok: ImportFileResponse = {
  handled: true,
  outcome: {
    ok: true,
    report: {
      added: 2,
      updated: 0,
      unchanged: 0,
      newSmartAccounts: 0,
      newVirtualAccounts: 0,
      changedOrders: ['1', '2'],
      changes: [],
    },
    sync: { shared: 2, keptLocal: 0, notImported: [] },
  },
};
const csv: ImportFileRequest = { type: 'holdfast/import-file', content: { text: 'a,b\n1,2' }, fileName: 'orders.csv' };

describe('an import with sync on, through the background', () => {
  it('tells the page how far it is, in order, then answers', async () => {
    const heard: ImportProgress[] = [];
    const runtime = runtimeServing(async (content, fileName, onProgress) => {
      expect([content, fileName]).toEqual(['a,b\n1,2', 'orders.csv']);
      onProgress({ phase: 'reading', done: 1, total: 2 });
      onProgress({ phase: 'saving', done: 2, total: 2 });
      return ok;
    });
    await expect(importThroughBackground(runtime, csv, (progress) => heard.push(progress))).resolves.toEqual(ok);
    expect(heard).toEqual([
      { phase: 'reading', done: 1, total: 2 },
      { phase: 'saving', done: 2, total: 2 },
    ]);
  });

  it('hands a workbook over as its bytes', async () => {
    const bytes = new Uint8Array([80, 75, 3, 4, 0, 255]);
    let received: unknown;
    const runtime = runtimeServing(async (content) => {
      received = content;
      return ok;
    });
    await importThroughBackground(runtime, {
      type: 'holdfast/import-file',
      content: { workbookBase64: bytesToBase64(bytes) },
      fileName: 'orders.xlsx',
    });
    expect(received).toEqual(bytes);
  });

  it('answers a failed import with its error, naming it', async () => {
    const runtime = runtimeServing(async () => {
      throw new Error('the relay refused the write');
    });
    await expect(importThroughBackground(runtime, csv)).resolves.toEqual({
      handled: true,
      outcome: { ok: false, errors: [{ row: 0, column: null, message: 'Error: the relay refused the write' }] },
    });
  });

  it('closes a port that sends no valid request, and the page hears why instead of waiting', async () => {
    let imported = false;
    const runtime = runtimeServing(async () => {
      imported = true;
      return ok;
    });
    await expect(importThroughBackground(runtime, { ...csv, fileName: '' })).rejects.toThrow(
      'The background stopped before it answered',
    );
    expect(imported).toBe(false);
  });
});
