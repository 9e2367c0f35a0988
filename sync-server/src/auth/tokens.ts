import { SignJWT, jwtVerify, errors } from 'jose';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const ISSUER = 'holdfast-relay';
const ALGORITHM = 'HS256';

/**
 * The signing secret: `HOLDFAST_RELAY_SECRET` when set, otherwise a random one created on first
 * start in the data directory (mode 0600). Never in code.
 */
export function loadSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = env.HOLDFAST_RELAY_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('HOLDFAST_RELAY_SECRET must be at least 32 characters.');
    return new TextEncoder().encode(fromEnv);
  }
  const file = join(dataDir, 'token-secret');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export async function mintToken(secret: Uint8Array, memberId: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(memberId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secret);
}

export type TokenCheck = { ok: true; memberId: string } | { ok: false; reason: string };

/** Verifies signature, issuer and expiry; the reason says which failed, for the close frame. */
export async function verifyToken(secret: Uint8Array, token: string | null): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: 'no token: connect with ?token=<token>' };
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: [ALGORITHM] });
    if (!payload.sub) return { ok: false, reason: 'token names no member' };
    return { ok: true, memberId: payload.sub };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'token expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'token signature invalid' };
    return { ok: false, reason: 'token malformed or not issued by this relay' };
  }
}
