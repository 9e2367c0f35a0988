import { z } from 'zod';

/** The claims Holdfast reads from a relay token: who it names and until when. */
const claimsSchema = z.object({ sub: z.string().min(1), exp: z.number().optional() });

export interface RelayTokenClaims {
  memberId: string;
  expiresAt: Date | null;
}

/**
 * Reads who a relay token (a JWT minted by `pnpm relay-admin token mint`) names, without verifying
 * it: the relay verifies every connection. Used to show who sync signs in as, and to choose that
 * member. Returns null for anything that is not such a token.
 */
export function readRelayToken(token: string): RelayTokenClaims | null {
  const payload = token.trim().split('.')[1];
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
