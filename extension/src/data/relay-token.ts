import { z } from 'zod';

/** The claims Holdfast reads from a relay token: who it names and until when. */
const claimsSchema = z.object({ sub: z.string().min(1), exp: z.number().optional() });

export interface RelayTokenClaims {
  memberId: string;
  expiresAt: Date | null;
}

/** A compact JWT: three base64url parts separated by dots, nothing else. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type TokenCheck = { ok: true; claims: RelayTokenClaims } | { ok: false; message: string };

/**
 * Checks a pasted token before it is saved, saying what is wrong in the user's words: text around
 * it ("Bearer …", a line break), a truncated copy, an expired token. The relay verifies it anyway.
 */
export function checkRelayToken(token: string, now: Date): TokenCheck {
  const trimmed = token.trim();
  if (trimmed === '') return { ok: false, message: 'Paste the token your administrator gave you.' };
  if (/\s/.test(trimmed))
    return {
      ok: false,
      message:
        'The token has spaces or line breaks in it: paste the token alone (it starts with "eyJ"), without "Bearer" or other text.',
    };
  if (!JWT_SHAPE.test(trimmed))
    return {
      ok: false,
      message:
        'That is not a relay token: a token is three parts of letters, digits, "-" and "_" joined by dots (eyJ….eyJ….…). Copy it again in full.',
    };
  const claims = readRelayToken(trimmed);
  if (!claims)
    return {
      ok: false,
      message:
        'That is not a relay token: it does not name a member. Paste the token minted with `pnpm relay-admin token mint`.',
    };
  if (claims.expiresAt && claims.expiresAt.getTime() < now.getTime())
    return { ok: false, message: `This token expired on ${claims.expiresAt.toLocaleDateString()}. Ask for a new one.` };
  return { ok: true, claims };
}

/**
 * Reads who a relay token (a JWT minted by `pnpm relay-admin token mint`) names, without verifying
 * it: the relay verifies every connection. Used to show who sync signs in as, and to choose that
 * member. Returns null for anything that is not such a token.
 */
export function readRelayToken(token: string): RelayTokenClaims | null {
  const trimmed = token.trim();
  if (!JWT_SHAPE.test(trimmed)) return null;
  const payload = trimmed.split('.')[1];
  if (!payload) return null;
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const claims = claimsSchema.safeParse(json);
    if (!claims.success) return null;
    return {
      memberId: claims.data.sub,
      expiresAt: claims.data.exp === undefined ? null : new Date(claims.data.exp * 1000),
    };
  } catch {
    return null;
  }
}

/**
 * The optional host permission a relay URL needs: its scheme and host, any port and path
 * (match patterns cannot name a port).
 */
export function relayOriginPattern(relayUrl: string): string {
  const url = new URL(relayUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
