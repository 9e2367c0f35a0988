import * as Y from 'yjs';

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** The last update decoded: a copy of its bytes and what they decode to. */
let last: { bytes: Uint8Array; decoded: DecodedUpdate } | null = null;

/**
 * `Y.decodeUpdate`, once for the relay's two checks of one update (completeness, then what it
 * writes), which run one after the other on the same bytes: decoding was a fifth of their cost.
 * The cache holds one update and is hit only by the very same bytes (compared, not trusted by
 * identity: a caller reusing a buffer gets a fresh decode). Callers must not change what it returns.
 * Throws as `Y.decodeUpdate` does on bytes that are no update.
 */
export function decodeUpdateOnce(update: Uint8Array): DecodedUpdate {
  if (last && sameBytes(last.bytes, update)) return last.decoded;
  const decoded = Y.decodeUpdate(update);
  last = { bytes: update.slice(), decoded };
  return decoded;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
