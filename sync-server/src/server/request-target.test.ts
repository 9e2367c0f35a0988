import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.ts';

describe('request targets', () => {
  it('splits the document name and the token without new URL', () => {
    expect(parseRequestTarget('/holdfast:va:sa:va?token=a.b.c')).toEqual({
      ok: true,
      path: '/holdfast:va:sa:va',
      docName: 'holdfast:va:sa:va',
      token: 'a.b.c',
    });
  });

  it('takes the token from a holdfast-token subprotocol', () => {
    const target = parseRequestTarget('/d', { 'sec-websocket-protocol': 'holdfast, holdfast-token.x.y.z' });
    expect(target).toMatchObject({ ok: true, docName: 'd', token: 'x.y.z' });
  });

  it.each([undefined, '', '//a:b', 'a', '*', 'http://x/y', '/a\\b', '/a#b', `/${'x'.repeat(5000)}`])(
    'answers %s with 400',
    (raw) => {
      expect(parseRequestTarget(raw)).toMatchObject({ ok: false, status: 400 });
    },
  );
});
