import { describe, expect, it } from 'vitest';
import { checkRelayUrl } from './relay-url.ts';

describe('which relay URLs Holdfast connects to', () => {
  it.each([
    'wss://relay.bluewave.example',
    'wss://relay.bluewave.example:8443/team',
    'ws://127.0.0.1:1234',
    'ws://127.3.2.1:1234',
    'ws://localhost:1234',
    'ws://LOCALHOST',
    'ws://[::1]:1234',
  ])('accepts %s', (url) => expect(checkRelayUrl(url).ok).toBe(true));

  it.each([
    ['ws://relay.bluewave.example', 'unencrypted to relay.bluewave.example'],
    ['ws://10.0.0.5:1234', 'unencrypted to 10.0.0.5:1234'],
    ['ws://127.0.0.1.evil.example', 'unencrypted'],
    ['ws://localhost.evil.example', 'unencrypted'],
    ['https://relay.example', 'must start with wss://'],
    ['relay.example', 'must start with wss://'],
  ])('refuses %s, saying why', (url, why) => {
    const check = checkRelayUrl(url);
    expect(check.ok ? '' : check.reason).toContain(why);
  });
});
