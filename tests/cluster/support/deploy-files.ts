// Readers for the deployment files (sync-server/Dockerfile, sync-server/compose.yaml), so a test
// can check what they name against the repository: files, packages, settings, ports.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  name: string | null;
  base: string;
  instructions: DockerInstruction[];
}

/** Splits a Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: DockerStage[] = [];
  for (const line of logical.filter(Boolean)) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword!.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`FROM line not understood: ${line}`);
      stages.push({ base: match[1]!, name: match[2] ?? null, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`instruction before FROM: ${line}`);
    stage.instructions.push({ keyword: keyword!.toUpperCase(), args });
  }
  return stages;
}

/** `KEY=value KEY2=value2` (the ENV form the Dockerfile uses) as a record. */
export function parseEnv(args: string): Record<string, string> {
  return Object.fromEntries(
    [...args.matchAll(/([A-Z0-9_]+)=("[^"]*"|\S+)/g)].map(([, key, value]) => [key!, value!.replace(/^"|"$/g, '')]),
  );
}

/** `COPY [--from=x] [--chown=…] src… dest` → its flags, sources and destination. */
export function parseCopy(args: string): { from: string | null; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/** The exec form `["a", "b"]` of CMD / ENTRYPOINT / HEALTHCHECK CMD. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
  healthcheck?: { test: string[] | string };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(path: string): ComposeFile {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * Compose's variable interpolation (`${VAR}`, `${VAR:?message}`, `${VAR:-default}`) with the
 * values given; a required variable missing from them throws, as `docker compose` refuses.
 */
export function interpolate(value: string, variables: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    const found = variables[name];
    if (found !== undefined && found !== '') return found;
    if (kind === '-') return rest ?? '';
    throw new Error(`compose needs ${name}${kind === '?' ? `: ${rest}` : ''}`);
  });
}

/** What a TypeScript file imports at run time (type-only imports vanish when it runs). */
export function importedSpecifiers(source: string): string[] {
  const runtime = source.replace(/^\s*(?:import|export)\s+type\s[^;]*?from\s*'[^']+'/gm, '');
  return [
    ...runtime.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*'([^']+)'/gm),
    ...runtime.matchAll(/^\s*import\s*'([^']+)'/gm),
    ...runtime.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((match) => match[1]!);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
