import { describe, expect, it } from 'vitest';
import { createPreferences, memoryArea, PREFERENCES_KEY } from './preferences.ts';

describe('preferences', () => {
  it('start with sync off, no member chosen and the review reminder on', async () => {
    expect(await createPreferences(memoryArea()).read()).toEqual({
      memberId: null,
      syncEnabled: false,
      relayUrl: '',
      relayToken: '',
      reviewReminder: true,
    });
  });

  it('keep a relay address only when it is a ws:// or wss:// URL', async () => {
    const prefs = createPreferences(memoryArea());
    expect((await prefs.update({ relayUrl: 'wss://relay.example.com' })).relayUrl).toBe('wss://relay.example.com');
    await expect(prefs.update({ relayUrl: 'https://relay.example.com' })).rejects.toThrow();
    expect((await prefs.read()).relayUrl).toBe('wss://relay.example.com');
  });

  it('fall back to the defaults when the stored value no longer parses', async () => {
    const area = memoryArea();
    await area.set({ [PREFERENCES_KEY]: { memberId: 42 } });
    expect((await createPreferences(area).read()).memberId).toBeNull();
  });

  it('tell watchers about changes until they stop watching', async () => {
    const prefs = createPreferences(memoryArea());
    let calls = 0;
    const stop = prefs.watch(() => calls++);
    await prefs.update({ memberId: 'alex' });
    stop();
    await prefs.update({ memberId: 'bo' });
    expect(calls).toBe(1);
  });
});
