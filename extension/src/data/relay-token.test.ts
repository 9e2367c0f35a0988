import { describe, expect, it } from 'vitest';
import { readRelayToken, relayOriginPattern } from './relay-token.ts';

// JWTs are base64url of UTF-8 JSON, as jose writes them.
const encode = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const token = (claims: object) => `${encode({ alg: 'HS256' })}.${encode(claims)}.signature`;

describe('reading a relay token', () => {
  it('names the member and the expiry', () => {
    expect(readRelayToken(token({ sub: 'bluewave:alex', exp: 1_800_000_000, iss: 'holdfast-relay' }))).toEqual({
      memberId: 'bluewave:alex',
      expiresAt: new Date(1_800_000_000_000),
    });
  });

  it('reads a UTF-8 subject whose base64url holds "-" and "_"', () => {
    expect(readRelayToken(token({ sub: 'müller?>>~' }))?.memberId).toBe('müller?>>~');
  });

  it.each(['', 'not-a-token', 'a.b.c', `x.${encode({ exp: 1 })}.y`, `x.${encode({ sub: '' })}.y`])(
    'returns null for "%s"',
    (value) => {
      expect(readRelayToken(value)).toBeNull();
    },
  );
});

describe('the relay permission pattern', () => {
  it('keeps scheme and host and drops port and path', () => {
    expect(relayOriginPattern('wss://relay.bluewave.example:8443/sync')).toBe('wss://relay.bluewave.example/*');
    expect(relayOriginPattern('ws://127.0.0.1:4455')).toBe('ws://127.0.0.1/*');
  });
});
