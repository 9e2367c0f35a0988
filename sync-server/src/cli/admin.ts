// `pnpm relay-admin <command>`: manage the team directory and mint tokens, on the relay's data dir.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { HoldfastError, ROLES, type Role } from '@holdfast/core';
import { ZodError } from 'zod';
import { decodeJwt } from 'jose';
import { createSigningKey, listKeyIds, loadKeyRing, retireSigningKey, WeakSecretError } from '../auth/signing-keys.ts';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, mintToken } from '../auth/tokens.ts';
import { redactedUrl, storeChoice } from '../cluster/cluster-settings.ts';
import { seedDemoTeam } from '../directory/seed-demo-team.ts';
import { DirectoryError } from '../directory/team-directory.ts';
import { openAdminDirectory, type AdminDirectory } from './admin-directory.ts';

const USAGE = `Usage: relay-admin <command> [--data-dir DIR] [--store sqlite|postgres://…]
  org add --id ID --name NAME --kind partner|distributor|customer --domain DOMAIN
  account create --id ID --name NAME --kind customer|partner-holding|limited-use --org ORG_ID [--domain DOMAIN]
  va create --account SA_ID --id ID --name NAME [--restricted]
  member add --id ID --name NAME --email EMAIL --org ORG_ID
  member remove --id ID                 remove a member and every role they hold; their sockets close (4410)
  role grant --member ID --role ROLE --account SA_ID [--va VA_ID] [--by-customer]
  role revoke --id GRANT_ID
  role list [--member ID]
  token mint --member ID [--ttl-days ${DEFAULT_TOKEN_DAYS}]   at most ${MAX_TOKEN_DAYS} days; prints the token and its id (jti)
  token revoke --jti TOKEN_ID           refuse that token from now on; its sockets close (4401)
  key rotate                            new tokens are signed with a new key; tokens of older keys stay valid
  key list
  key retire --kid KEY_ID               tokens signed with that key are refused from now on
  demo                                  seed the sample team (organisations, accounts, members, roles)
Roles: ${ROLES.join(', ')}
--store (or HOLDFAST_RELAY_STORE) names the relay's store: the directory commands change the
PostgreSQL directory every node reads. Keys and tokens always use --data-dir (the key files every
node shares) or HOLDFAST_RELAY_SECRET.`;

const parsed = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'data-dir': {
          type: 'string',
          default: process.env.HOLDFAST_RELAY_DATA_DIR ?? resolve(import.meta.dirname, '../../data'),
        },
        store: { type: 'string', default: process.env.HOLDFAST_RELAY_STORE ?? 'sqlite' },
        id: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string' },
        domain: { type: 'string' },
        org: { type: 'string' },
        account: { type: 'string' },
        va: { type: 'string' },
        email: { type: 'string' },
        member: { type: 'string' },
        role: { type: 'string' },
        restricted: { type: 'boolean', default: false },
        'by-customer': { type: 'boolean', default: false },
        'ttl-days': { type: 'string', default: String(DEFAULT_TOKEN_DAYS) },
        jti: { type: 'string' },
        kid: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`relay-admin: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
})();
const { values, positionals } = parsed;

const need = (name: keyof typeof values): string => {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new DirectoryError(`--${name} is required.\n${USAGE}`);
  return value;
};

let opened: AdminDirectory | null = null;

async function run(): Promise<void> {
  const dataDir = values['data-dir']!;
  const store = values.store!;
  if (store !== 'sqlite' && !/^postgres(ql)?:\/\/./.test(store))
    throw new DirectoryError(`--store must be "sqlite" or a PostgreSQL URL (got ${redactedUrl(store)}).`);
  const directory = (opened = await openAdminDirectory(storeChoice(store), dataDir));
  const now = new Date().toISOString();
  const print = (value: unknown): void => {
    process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
  };
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') return print(USAGE);
  switch (command) {
    case 'org add':
      return print(
        await directory.addOrganization({
          id: need('id'),
          name: need('name'),
          kind: need('kind') as 'partner',
          emailDomain: need('domain'),
        }),
      );
    case 'account create': {
      const orgDomain = values.domain ?? need('org').replace(/[^a-z0-9.-]/gi, '') + '.example.com';
      return print(
        await directory.createSmartAccount({
          id: need('id'),
          name: need('name'),
          kind: need('kind') as 'customer',
          organizationId: need('org'),
          emailDomain: orgDomain,
          createdAt: now,
        }),
      );
    }
    case 'va create':
      return print(
        await directory.createVirtualAccount({
          id: need('id'),
          smartAccountId: need('account'),
          name: need('name'),
          restricted: values.restricted,
          createdAt: now,
        }),
      );
    case 'member add':
      return print(
        await directory.addMember({
          id: need('id'),
          name: need('name'),
          email: need('email'),
          organizationId: need('org'),
        }),
      );
    case 'role grant': {
      const role = need('role');
      if (!ROLES.includes(role as Role))
        throw new DirectoryError(`Unknown role "${role}". Options: ${ROLES.join(', ')}`);
      const va = values.va ?? null;
      return print(
        await directory.grant({
          id: `${need('member')}|${role}|${need('account')}|${va ?? '*'}`,
          memberId: need('member'),
          role: role as Role,
          smartAccountId: need('account'),
          virtualAccountId: va,
          grantedBy: 'relay-admin',
          grantedAt: now,
          grantedByCustomer: values['by-customer'],
        }),
      );
    }
    case 'role revoke':
      return print({ revoked: await directory.revoke(need('id')) });
    case 'role list':
      return print((await directory.read()).grants(values.member));
    case 'token mint': {
      const memberId = need('member');
      if (!(await directory.read()).member(memberId))
        throw new DirectoryError(
          `No member "${memberId}". Add one with \`member add\`, or seed the demo team with \`demo\`.`,
        );
      const days = Number(values['ttl-days']);
      if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
        throw new DirectoryError(`--ttl-days must be a whole number from 1 to ${MAX_TOKEN_DAYS}.`);
      const token = await mintToken(loadKeyRing(dataDir).current(), memberId, days * 86_400);
      process.stderr.write(
        `token id (jti): ${decodeJwt(token).jti} — revoke with: relay-admin token revoke --jti <id>\n`,
      );
      return print(token);
    }
    case 'token revoke':
      await directory.revokeToken(need('jti'));
      return print(`Token ${need('jti')} revoked; sockets holding it close within one directory poll.`);
    case 'member remove':
      return print({ removed: await directory.removeMember(need('id')) });
    case 'key rotate':
      loadKeyRing(dataDir);
      return print(
        `New signing key ${createSigningKey(dataDir)}; tokens signed with older keys stay valid until retired.`,
      );
    case 'key list':
      return print(listKeyIds(dataDir).join('\n') || '(no key files: the relay signs with HOLDFAST_RELAY_SECRET)');
    case 'key retire':
      retireSigningKey(dataDir, need('kid'));
      return print(`Key ${need('kid')} retired; tokens signed with it are refused from now on.`);
    case 'demo': {
      if (!(await directory.read()).isEmpty())
        throw new DirectoryError('The team directory is not empty; the demo team is only seeded into an empty one.');
      const report = await seedDemoTeam(directory);
      for (const reason of report.refused) print(`Skipped a grant the directory refuses: ${reason}`);
      print(
        `Seeded ${report.organizations} organisations, ${report.smartAccounts} Smart Accounts, ${report.members} members.`,
      );
      return print(`Try: pnpm relay-admin token mint --member ${report.administratorId}`);
    }
    default:
      throw new DirectoryError(`Unknown command "${command}".\n${USAGE}`);
  }
}

run()
  .then(() => opened?.close())
  .catch(async (error: unknown) => {
    await opened?.close().catch(() => undefined);
    // Every failure is said in one line and exits non-zero: 2 for what the user must fix, 1 otherwise.
    const known =
      error instanceof DirectoryError ||
      error instanceof HoldfastError ||
      error instanceof ZodError ||
      error instanceof WeakSecretError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(known ? `${message}\n` : `relay-admin: the command failed: ${message.split('\n')[0]}\n`);
    process.exit(known ? 2 : 1);
  });
