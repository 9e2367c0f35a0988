import { describe, expect, it } from 'vitest';
import { offeredToken } from './offered-token.ts';
import { TOKEN_PROTOCOL_PREFIX } from './wire-protocol.ts';

describe('the token a connection offers', () => {
  it('is read from the holdfast-token subprotocol before the query', () => {
    expect(offeredToken('token=from-query', ['holdfast', `${TOKEN_PROTOCOL_PREFIX}from-protocol`])).toBe(
      'from-protocol',
    );
  });

  it("is the query's token for a stock y-websocket client, which offers no subprotocol", () => {
    expect(offeredToken('?token=from-query&x=1', [])).toBe('from-query');
    expect(offeredToken('token=from-query', ['holdfast'])).toBe('from-query');
  });

  it('is none when it is missing or empty', () => {
    expect(offeredToken('', [])).toBeNull();
    expect(offeredToken('token=', [])).toBeNull();
    expect(offeredToken('', [TOKEN_PROTOCOL_PREFIX])).toBeNull();
  });
});
