import { describe, expect, it } from 'vitest';
import { forgetThisComputer } from './forget-data.ts';

describe("forgetting this computer's data", () => {
  it('stops sync first, then clears the storage areas, then deletes every database of the extension', async () => {
    const steps: string[] = [];
    const names = ['holdfast', 'holdfast:va:sa-1:sa-1%2Fenterprise', 'holdfast:member:alex'];
    const indexedDB = {
      databases: async () => names.map((name) => ({ name, version: 1 })),
      deleteDatabase: (name: string) => {
        steps.push(`delete ${name}`);
        const request = {} as IDBOpenDBRequest;
        queueMicrotask(() => request.onsuccess?.call(request, new Event('success')));
        return request;
      },
    };
    const result = await forgetThisComputer({
      stopSync: async () => void steps.push('stop sync'),
      areas: [
        { clear: async () => void steps.push('clear local') },
        { clear: async () => void steps.push('clear session') },
      ],
      indexedDB,
    });
    expect(steps).toEqual(['stop sync', 'clear local', 'clear session', ...names.map((name) => `delete ${name}`)]);
    expect(result.databases).toEqual(names);
  });
});
