import type { HoldfastStore } from '@holdfast/core/store';
import type { WebSocketConstructorLike } from '@holdfast/core/sync';
import { describe, expect, it } from 'vitest';
import { preferencesSchema } from '../data/preferences.ts';
import { createTeamSyncHost } from './team-sync-host.ts';

const TOKEN = `header.${btoa(JSON.stringify({ sub: 'bluewave:alex' })).replace(/=+$/, '')}.signature`;

describe('the team sync host', () => {
  it('refuses to send the token over ws:// to a relay that is not on this computer', async () => {
    const opened: string[] = [];
    const asked: string[] = [];
    const errors: unknown[] = [];
    const host = createTeamSyncHost({
      // Never reached: the host refuses before it opens the store's documents.
      store: {} as HoldfastStore,
      hasPermission: async (origin) => (asked.push(origin), true),
      environment: {
        WebSocket: function (url: string) {
          opened.push(url);
          throw new Error('no socket in this test');
        } as unknown as WebSocketConstructorLike,
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => clearTimeout(handle as number),
        random: Math.random,
      },
      persist: false,
      onChange: () => undefined,
      onError: (error) => errors.push(error),
    });
    await host.apply(
      preferencesSchema.parse({
        syncEnabled: true,
        memberId: 'bluewave:alex',
        relayUrl: 'ws://relay.bluewave.example:1234',
        relayToken: TOKEN,
      }),
    );
    expect(host.summary().status).toBe('insecure-relay');
    expect({ opened, asked, errors }).toEqual({ opened: [], asked: [], errors: [] });
    await host.stop();
  });
});
