// Where an import lands, for the layer rules (eslint-layers.js): the file a relative path or a
// `@holdfast/core…` specifier resolves to, the package a bare specifier names, and every import
// form a source file can use (static, re-export, dynamic, type-only).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NODE = 'Node built-ins';

/** `@holdfast/core…` specifiers → files, as core/package.json exports them. */
export const CORE_EXPORTS = new Map(
  Object.entries(JSON.parse(readFileSync(path.join(ROOT, 'core/package.json'), 'utf8')).exports)
    .filter(([, target]) => typeof target === 'string')
    .map(([subpath, target]) => [path.posix.join('@holdfast/core', subpath), path.join(ROOT, 'core', target)]),
);

export const toPosix = (file) => file.split(path.sep).join('/');
export const isRelative = (spec) => spec.startsWith('.') || spec.startsWith('/');
export const isAlias = (spec) => /^(~~?|@@?)(\/|$)/.test(spec);
const packageName = (spec) => /^(@[^/]*\/)?[^/]*/.exec(spec)[0];
const isNodeBuiltin = (spec) =>
  spec.startsWith('node:') || builtinModules.includes(spec) || builtinModules.includes(packageName(spec));

/** The first of `bans` that the bare specifier falls under, or undefined. */
export function bannedBy(spec, bans) {
  const name = packageName(spec);
  return bans.find((ban) =>
    ban === NODE ? isNodeBuiltin(spec) : ban.endsWith('*') ? name.startsWith(ban.slice(0, -1)) : name === ban,
  );
}

const isDirectory = (file) => existsSync(file) && statSync(file).isDirectory();

/**
 * The file an import lands on, as the bundler would find it: a folder means its index.ts, a path
 * without an extension its .ts; `@holdfast/core…` through core's exports. Null for a package.
 */
export function resolveImport(spec, fromFile) {
  const bare = spec.split('?')[0];
  if (!isRelative(bare)) return CORE_EXPORTS.get(bare) ?? null;
  const target = path.resolve(path.dirname(fromFile), bare);
  if (isDirectory(target)) return path.join(target, 'index.ts');
  if (path.extname(target)) return target;
  return ['.ts', '.tsx'].map((ext) => target + ext).find(existsSync) ?? path.join(target, 'index.ts');
}

/** Calls check(sourceNode, specifier, typeOnly) for every import, re-export and `import('…')` with a fixed source. */
export function eachImport(check) {
  const literal = (node, typeOnly) => {
    if (node?.type === 'Literal' && typeof node.value === 'string') check(node, node.value, typeOnly);
    if (node?.type === 'TemplateLiteral' && node.expressions.length === 0)
      check(node, node.quasis[0].value.cooked, typeOnly);
  };
  return {
    ImportDeclaration: (node) => literal(node.source, node.importKind === 'type'),
    ExportNamedDeclaration: (node) => literal(node.source, node.exportKind === 'type'),
    ExportAllDeclaration: (node) => literal(node.source, node.exportKind === 'type'),
    ImportExpression: (node) => literal(node.source, false),
    TSImportType: (node) => literal(node.source ?? node.argument?.literal, true),
    TSExternalModuleReference: (node) => literal(node.expression, node.parent.importKind === 'type'),
  };
}
