import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './workbook-bytes.ts';

describe('a workbook crossing to the background as base64', () => {
  it('arrives byte for byte, across chunk boundaries and for every byte value', () => {
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 31) % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(base64ToBytes(bytesToBase64(new Uint8Array()))).toEqual(new Uint8Array());
  });
});
