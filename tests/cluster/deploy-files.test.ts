// The container files cannot be run here (no Docker engine on this machine), so this checks what
// they name against the repository: the files they copy and run, the packages the relay imports
// (installed with --prod), every relay setting (the config schema must accept it), the health
// route, ports, and the PostgreSQL URL pointing at the compose file's own database.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRelayConfig, relayConfigSchema } from '../../sync-server/src/config.ts';
import {
  execForm,
  importedSpecifiers,
  interpolate,
  packageName,
  parseCopy,
  parseDockerfile,
  parseEnv,
  readCompose,
  type ComposeService,
} from './support/deploy-files.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER = join(ROOT, 'sync-server');
const DOCKERFILE = join(SERVER, 'Dockerfile');
const COMPOSE = join(SERVER, 'compose.yaml');

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `HOLDFAST_RELAY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
const SETTINGS = Object.keys(relayConfigSchema.shape);
/** Every HOLDFAST_RELAY_* the relay reads: one per setting, plus the signing secret (auth/signing-keys.ts). */
const RELAY_VARIABLES = new Set([...SETTINGS.map(envName), 'HOLDFAST_RELAY_SECRET']);
const SAMPLE = {
  HOLDFAST_PG_PASSWORD: 'pg-secret-for-the-check',
  HOLDFAST_RELAY_SECRET: 'k3Jx9-qPz2_mW8vL4nR7tY1uB6cE0hFa',
};

const stages = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const runStage = stages.at(-1)!;
const inRun = (keyword: string) => runStage.instructions.filter((i) => i.keyword === keyword);
const dockerEnv = Object.assign({}, ...inRun('ENV').map((i) => parseEnv(i.args))) as Record<string, string>;
const workdir = inRun('WORKDIR').at(-1)!.args;
/** The image puts the repository at /app: a path in the image, as a path in this checkout. */
const inCheckout = (imagePath: string) => join(ROOT, relative('/app', resolve(workdir, imagePath)));

const packageJson = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };

const coreExports = (
  JSON.parse(readFileSync(join(ROOT, 'core/package.json'), 'utf8')) as { exports: Record<string, string> }
).exports;

/** Follows run-time imports from the entry points: every package reached, and the workspace package whose file imports it. */
function reachedPackages(entries: string[]): { name: string; owner: string; file: string }[] {
  const seen = new Set<string>();
  const reached: { name: string; owner: string; file: string }[] = [];
  const queue = entries.map((entry) => join(ROOT, entry));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const owner = relative(ROOT, file).split('/')[0]!;
    for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else if (specifier.startsWith('@holdfast/core')) {
        const target = coreExports[`.${specifier.slice('@holdfast/core'.length)}`];
        expect(target, `${specifier} is exported by core`).toBeDefined();
        queue.push(join(ROOT, 'core', target!));
        if (!('@holdfast/core' in (packageJson(owner).dependencies ?? {}) || owner === 'core'))
          reached.push({ name: '@holdfast/core', owner, file: relative(ROOT, file) });
      } else reached.push({ name: packageName(specifier), owner, file: relative(ROOT, file) });
    }
  }
  return reached;
}

describe('sync-server/Dockerfile', () => {
  it('builds in one stage and runs in another, as a user that is not root', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const user = inRun('USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
    // The run stage takes the build's output, not a compiler: nothing installed with apt there.
    expect(inRun('RUN').some((i) => /apt-get install/.test(i.args))).toBe(false);
    for (const copy of inRun('COPY').map((i) => parseCopy(i.args))) {
      expect(copy.from, 'the run stage copies only from an earlier stage').not.toBeNull();
      expect(stages.slice(0, -1).map((s) => s.name)).toContain(copy.from);
    }
  });

  it('copies files that exist, including every workspace manifest the frozen lockfile expects', () => {
    const copied = stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'COPY').map((i) => parseCopy(i.args)),
    );
    for (const copy of copied.filter((c) => c.from === null))
      for (const source of copy.sources) expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
    const sources = copied.flatMap((c) => c.sources);
    const workspace = parse(readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] };
    for (const dir of workspace.packages) expect(sources).toContain(`${dir}/package.json`);
    for (const file of ['pnpm-workspace.yaml', 'pnpm-lock.yaml', 'package.json'])
      expect(copied.some((c) => c.sources.includes(file))).toBe(true);
  });

  it('installs the relay by its workspace name with a pnpm that writes this lockfile', () => {
    const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
    const install = runs.find((args) => /pnpm install/.test(args))!;
    expect(install).toMatch(/--frozen-lockfile/);
    expect(install).toContain(`--filter ${packageJson('sync-server').name}...`);
    const pnpmMajor = Number(/pnpm@(\d+)\./.exec(runs.join('\n'))?.[1]);
    const lockfile = /lockfileVersion: '([\d.]+)'/.exec(readFileSync(join(ROOT, 'pnpm-lock.yaml'), 'utf8'))?.[1];
    expect(lockfile).toBe('9.0');
    expect([9, 10]).toContain(pnpmMajor);
  });

  it('runs the relay entry point with tsx, which the production install includes', () => {
    const command = execForm(inRun('CMD').at(-1)!.args);
    expect(command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    expect(existsSync(inCheckout(command[3]!)), `${command[3]} exists in sync-server`).toBe(true);
    expect(inCheckout(command[3]!)).toBe(join(SERVER, 'src/main.ts'));
    expect(packageJson('sync-server').dependencies).toHaveProperty('tsx');
  });

  it('the production install has every package the relay and the admin CLI reach at run time', () => {
    const builtins = new Set(builtinModules);
    const reached = reachedPackages(['sync-server/src/main.ts', 'sync-server/src/cli/admin.ts']);
    // The walk got through the relay into core: the store drivers and core's own imports are on it.
    expect(reached.map((r) => r.name)).toEqual(expect.arrayContaining(['pg', 'better-sqlite3', 'zod']));
    expect(reached.some((r) => r.owner === 'core')).toBe(true);
    const missing = reached
      .filter(({ name, owner }) => !builtins.has(name) && !(name in (packageJson(owner).dependencies ?? {})))
      .map(({ name, file }) => `${file} imports ${name}, not a dependency of its package`);
    expect(missing).toEqual([]);
  });

  it('sets only settings the relay accepts, and they parse', () => {
    for (const key of Object.keys(dockerEnv).filter((k) => k.startsWith('HOLDFAST_RELAY_')))
      expect(RELAY_VARIABLES, key).toContain(key);
    const config = loadRelayConfig([], dockerEnv);
    expect(config.host).toBe('0.0.0.0');
    expect(inRun('EXPOSE').map((i) => Number(i.args))).toEqual([config.port]);
    expect(inRun('VOLUME').map((i) => i.args)).toEqual([config.dataDir]);
  });

  it('checks health on the relay route /healthz at the configured port', () => {
    const check = inRun('HEALTHCHECK').at(-1)!.args;
    expect(check).toContain('/healthz');
    expect(check).toContain('HOLDFAST_RELAY_PORT');
    expect(readFileSync(join(SERVER, 'src/server/http-routes.ts'), 'utf8')).toContain("case '/healthz'");
  });
});

describe('sync-server/compose.yaml', () => {
  const compose = readCompose(COMPOSE);
  const services = Object.entries(compose.services);
  const relays = services.filter(([, s]) => s.build);
  const environmentOf = (service: ComposeService) =>
    Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), SAMPLE)]),
    );

  it('runs PostgreSQL and two relay nodes built from sync-server/Dockerfile', () => {
    expect(services.filter(([, s]) => /^postgres:/.test(s.image ?? ''))).toHaveLength(1);
    expect(relays.length).toBe(2);
    for (const [, relay] of relays) {
      expect(resolve(SERVER, relay.build!.context)).toBe(ROOT);
      expect(resolve(SERVER, relay.build!.context, relay.build!.dockerfile ?? 'Dockerfile')).toBe(DOCKERFILE);
    }
  });

  it("gives each relay only settings the config schema accepts, and they parse with the image's", () => {
    const names = new Set<string>();
    for (const [name, relay] of relays) {
      const env = environmentOf(relay);
      for (const key of Object.keys(env).filter((k) => k.startsWith('HOLDFAST_RELAY_')))
        expect(RELAY_VARIABLES, `${name}: ${key}`).toContain(key);
      const command = typeof relay.command === 'string' ? relay.command.split(/\s+/) : (relay.command ?? []);
      for (const flag of command.filter((w) => w.startsWith('--')))
        expect(
          SETTINGS.map((k) => `--${kebab(k)}`),
          `${name}: ${flag}`,
        ).toContain(flag.split('=')[0]);
      const config = loadRelayConfig(
        command.filter((w) => w.startsWith('--')),
        { ...dockerEnv, ...env },
      );
      expect(config.store, `${name} runs on PostgreSQL`).toMatch(/^postgres:\/\//);
      expect(env.HOLDFAST_RELAY_SECRET!.length).toBeGreaterThanOrEqual(32);
      names.add(config.nodeName ?? '');
    }
    expect(names.size, 'every node has a name of its own').toBe(relays.length);
  });

  it("points every relay at the compose file's own PostgreSQL, with its user, password and database", () => {
    const [pgName, pg] = services.find(([, s]) => /^postgres:/.test(s.image ?? ''))!;
    const pgEnv = environmentOf(pg);
    for (const [name, relay] of relays) {
      const url = new URL(loadRelayConfig([], { ...dockerEnv, ...environmentOf(relay) }).store);
      expect(url.hostname, name).toBe(pgName);
      expect(url.port || '5432').toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(pgEnv.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
      const dependsOn = Array.isArray(relay.depends_on) ? relay.depends_on : Object.keys(relay.depends_on ?? {});
      expect(dependsOn).toContain(pgName);
    }
    expect(JSON.stringify(pg.healthcheck?.test)).toContain('pg_isready');
  });

  it('holds no password or secret itself: compose refuses to start until they are set', () => {
    const [, pg] = services.find(([, s]) => /^postgres:/.test(s.image ?? ''))!;
    for (const [name, relay] of relays) {
      expect(() => interpolate(String(relay.environment!.HOLDFAST_RELAY_SECRET), {}), name).toThrow(
        /HOLDFAST_RELAY_SECRET/,
      );
      expect(() => interpolate(String(relay.environment!.HOLDFAST_RELAY_STORE), {}), name).toThrow(
        /HOLDFAST_PG_PASSWORD/,
      );
    }
    expect(() => interpolate(String(pg.environment!.POSTGRES_PASSWORD), {})).toThrow(/HOLDFAST_PG_PASSWORD/);
  });

  it('publishes each relay on loopback on a port of its own, to the port the relay listens on', () => {
    const hostPorts: string[] = [];
    for (const [name, relay] of relays) {
      const port = loadRelayConfig([], { ...dockerEnv, ...environmentOf(relay) }).port;
      expect(relay.ports, name).toHaveLength(1);
      const [host, published, target] = relay.ports![0]!.split(':');
      expect(host, 'beyond this computer a TLS proxy goes in front (wss://)').toBe('127.0.0.1');
      expect(Number(target)).toBe(port);
      hostPorts.push(published!);
    }
    expect(new Set(hostPorts).size).toBe(relays.length);
  });

  it("mounts a volume of its own at each relay's data directory, and every volume is declared", () => {
    const mounts = new Set<string>();
    for (const [name, service] of services)
      for (const volume of service.volumes ?? []) {
        const [source, target] = volume.split(':');
        expect(Object.keys(compose.volumes ?? {}), `${name}: ${source}`).toContain(source);
        expect(mounts.has(source!)).toBe(false);
        mounts.add(source!);
        if (service.build) expect(target).toBe(loadRelayConfig([], dockerEnv).dataDir);
      }
  });

  it('documents commands that exist: the admin CLI the header runs', () => {
    const header = readFileSync(COMPOSE, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('#'))
      .join('\n');
    for (const [, script] of header.matchAll(/--import tsx (\S+)/g))
      expect(existsSync(inCheckout(script!)), `${script} exists`).toBe(true);
    expect(header).toMatch(/admin\.ts demo/);
  });
});
