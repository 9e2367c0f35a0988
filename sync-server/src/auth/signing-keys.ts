import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** A signing key and the id (`kid`) tokens name it by, so keys can be rotated one at a time. */
export interface SigningKey {
  kid: string;
  secret: Uint8Array;
}

/** The keys a relay verifies with; read from disk on every lookup so rotation needs no restart. */
export interface KeyRing {
  /** The key new tokens are signed with: the newest key file, else the environment's secret. */
  current(): SigningKey;
  /** The secret for a key id, or undefined when no such key is kept (retired or never made). */
  get(kid: string | undefined): Uint8Array | undefined;
}

export class WeakSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeakSecretError';
  }
}

export const ENV_KID = 'env';
const MIN_SECRET_CHARS = 32;
const KID = /^k[0-9a-z]{6,40}$/;

const keysDir = (dataDir: string) => join(dataDir, 'keys');

/** Refuses a secret that is short or made of few distinct characters. */
function checkStrength(secret: string, where: string): void {
  if (secret.length < MIN_SECRET_CHARS)
    throw new WeakSecretError(`${where} must be at least ${MIN_SECRET_CHARS} characters; it has ${secret.length}.`);
  if (new Set(secret).size < 12) throw new WeakSecretError(`${where} is too repetitive to be a secret.`);
}

function readKeyFile(file: string): string {
  const mode = statSync(file).mode;
  if ((mode & 0o077) !== 0)
    throw new WeakSecretError(
      `${file} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it before starting the relay.`,
    );
  const secret = readFileSync(file, 'utf8').trim();
  checkStrength(secret, file);
  return secret;
}

/** Creates the data directory owner-only (0700) and tightens an existing one. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Writes a new random key exclusively (never over an existing file), mode 0600; returns its id. */
export function createSigningKey(dataDir: string): string {
  ensurePrivateDir(keysDir(dataDir));
  const kid = `k${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const fd = openSync(join(keysDir(dataDir), kid), 'wx', 0o600);
  try {
    writeSync(fd, randomBytes(48).toString('base64url'));
    if ((fstatSync(fd).mode & 0o077) !== 0) throw new WeakSecretError(`could not create ${kid} with mode 0600`);
  } finally {
    closeSync(fd);
  }
  return kid;
}

export function listKeyIds(dataDir: string): string[] {
  if (!existsSync(keysDir(dataDir))) return [];
  return readdirSync(keysDir(dataDir))
    .filter((name) => KID.test(name))
    .sort();
}

/** Deletes a key: tokens signed with it are refused from the next connection on. */
export function retireSigningKey(dataDir: string, kid: string): void {
  if (!KID.test(kid) || !listKeyIds(dataDir).includes(kid))
    throw new WeakSecretError(`No signing key "${kid}"; list them with \`key list\`.`);
  if (listKeyIds(dataDir).length === 1 && !process.env.HOLDFAST_RELAY_SECRET)
    throw new WeakSecretError('That is the only signing key; rotate first (`key rotate`), then retire the old one.');
  rmSync(join(keysDir(dataDir), kid));
}

/**
 * The relay's key ring: `HOLDFAST_RELAY_SECRET` (key id `env`) when set, plus every key file in
 * `<dataDir>/keys/` (0600, created exclusively). With neither, a first key file is created.
 * Throws {@link WeakSecretError} on a short or repetitive secret or a key file others can read.
 */
export function loadKeyRing(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyRing {
  const fromEnv = env.HOLDFAST_RELAY_SECRET;
  if (fromEnv) checkStrength(fromEnv, 'HOLDFAST_RELAY_SECRET');
  if (!fromEnv && listKeyIds(dataDir).length === 0) createSigningKey(dataDir);
  for (const kid of listKeyIds(dataDir)) readKeyFile(join(keysDir(dataDir), kid));
  const encode = (s: string) => new TextEncoder().encode(s);
  return {
    current() {
      const newest = listKeyIds(dataDir).at(-1);
      if (newest) return { kid: newest, secret: encode(readKeyFile(join(keysDir(dataDir), newest))) };
      if (fromEnv) return { kid: ENV_KID, secret: encode(fromEnv) };
      throw new WeakSecretError('no signing key: set HOLDFAST_RELAY_SECRET or run `relay-admin key rotate`');
    },
    get(kid) {
      if (kid === ENV_KID) return fromEnv ? encode(fromEnv) : undefined;
      if (!kid || !KID.test(kid)) return undefined;
      const file = join(keysDir(dataDir), kid);
      try {
        return encode(readKeyFile(file));
      } catch {
        return undefined;
      }
    },
  };
}
