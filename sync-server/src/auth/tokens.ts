import { SignJWT, jwtVerify, errors } from 'jose';
import { randomUUID } from 'node:crypto';
import type { KeyRing, SigningKey } from './signing-keys.ts';

const ISSUER = 'holdfast-relay';
const ALGORITHM = 'HS256';
/** New tokens live a week unless `--ttl-days` says otherwise; a socket closes when its token expires. */
export const DEFAULT_TOKEN_DAYS = 7;
export const MAX_TOKEN_DAYS = 30;

/** Mints a token: `kid` names the signing key; `sub`, `iat`, `exp` and a unique `jti` are always set. */
export async function mintToken(key: SigningKey, memberId: string, ttlSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid })
    .setSubject(memberId)
    .setIssuer(ISSUER)
    .setIssuedAt(now)
    .setJti(randomUUID())
    .setExpirationTime(now + ttlSeconds)
    .sign(key.secret);
}

export type TokenCheck =
  { ok: true; memberId: string; tokenId: string; expiresAt: number } | { ok: false; reason: string };

/** Fixed reasons only: a close reason never echoes what the client sent. */
export const TokenReason = {
  missing: 'no token: send it as the first message, as a holdfast-token subprotocol, or as ?token=',
  expired: 'token expired',
  signature: 'token signature invalid',
  unknownKey: 'token signed with a key this relay does not keep',
  revoked: 'token revoked',
  malformed: 'token malformed or not issued by this relay',
} as const;

/**
 * Verifies signature (by the key its `kid` names), issuer and expiry, and requires `sub`, `iat`,
 * `exp` and `jti`; `isRevoked` is asked about the token id.
 */
export async function verifyToken(
  keys: KeyRing,
  token: string | null,
  isRevoked: (tokenId: string) => boolean = () => false,
): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: TokenReason.missing };
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const secret = keys.get(header.kid);
        if (!secret) throw new UnknownKeyError();
        return secret;
      },
      { issuer: ISSUER, algorithms: [ALGORITHM], requiredClaims: ['exp', 'sub', 'iat', 'jti'] },
    );
    if (!payload.sub || !payload.jti || payload.exp === undefined) return { ok: false, reason: TokenReason.malformed };
    if (isRevoked(payload.jti)) return { ok: false, reason: TokenReason.revoked };
    return { ok: true, memberId: payload.sub, tokenId: payload.jti, expiresAt: payload.exp * 1000 };
  } catch (error) {
    if (error instanceof UnknownKeyError) return { ok: false, reason: TokenReason.unknownKey };
    if (error instanceof errors.JWTExpired) return { ok: false, reason: TokenReason.expired };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: TokenReason.signature };
    return { ok: false, reason: TokenReason.malformed };
  }
}

class UnknownKeyError extends Error {}
