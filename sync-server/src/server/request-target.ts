import type { IncomingHttpHeaders } from 'node:http';
import { offeredToken } from '@holdfast/core/protocol';

export type RequestTarget =
  { ok: true; path: string; docName: string; token: string | null } | { ok: false; status: 400; reason: string };

const MAX_TARGET_LENGTH = 4096;

/**
 * Splits a raw HTTP request target (`/<docName>?token=…`) without `new URL`, which throws on
 * targets such as `//a:b`. Never throws: anything that is not origin-form is a 400. The doc name
 * is the path exactly as written; whether it is a canonical Holdfast name is checked later (4404).
 */
export function parseRequestTarget(raw: string | undefined, headers: IncomingHttpHeaders = {}): RequestTarget {
  // Origin-form only: `//host…` (what `new URL` reads as an authority), backslashes and fragments are refused.
  if (
    typeof raw !== 'string' ||
    raw.length === 0 ||
    raw.length > MAX_TARGET_LENGTH ||
    raw[0] !== '/' ||
    raw[1] === '/' ||
    /[\\#]/.test(raw)
  )
    return { ok: false, status: 400, reason: 'the request target must be /<document name>' };
  const question = raw.indexOf('?');
  const path = question === -1 ? raw : raw.slice(0, question);
  const query = question === -1 ? '' : raw.slice(question + 1);
  const token = offeredToken(query, offeredProtocols(headers['sec-websocket-protocol']));
  return { ok: true, path, docName: path.slice(1), token };
}

export function offeredProtocols(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}
