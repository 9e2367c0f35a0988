// The architecture as lint: which folder of Holdfast may import which. The README's "Layout"
// section describes the same layering; a change to one is a change to the other.
//
// core/src/   domain, citations ← permissions ← rules ← checklist   (each may import those to its left)
//             domain ← io                                   citations: the Cisco sentences cited
//             store  ← domain, citations, permissions, rules, io   (never sync)
//             sync   ← domain, citations, permissions, store's public index (never store internals)
//             sync/relay-logic ← domain, permissions and sync's pure modules (wire protocol, doc names,
//                    update checks, close codes, transaction origins): the relay's per-document logic, shared by the relay
//                    process and the test relay — no store, Dexie, y-indexeddb, socket or Node
//             domain … checklist use no storage, transport, Node or file-format library; io reads
//             files (papaparse, read-excel-file) but stores and sends nothing.
//             Inside core/src, imports are relative (never @holdfast/*); type-only imports count.
// extension/src/ui and the pages' entrypoints (sidepanel, popup, options): never Dexie, Yjs, y-*,
//             a WebSocket, core's store or sync (type-only imports are fine): pages read through
//             data/ and talk to the background through messaging/.
// Everywhere: no `@/` or `~/` path aliases — dpdm, which finds import cycles, runs without the
//             tsconfig and sees only relative imports.
// Tests and test support (cli, sample, testing/, sync/testing/, test-world.ts) may import anything.
//
// The rules resolve each import to a file and check the file's layer, so a folder import
// ('../store'), a path from a subfolder ('../../store/index.ts') or a detour ('../../src/store/x.ts')
// is judged by where it lands, not by how it is spelled.
import path from 'node:path';
import { bannedBy, eachImport, isAlias, isRelative, NODE, resolveImport, ROOT, toPosix } from './eslint-imports.js';

const CORE_SRC = path.join(ROOT, 'core/src');
const LAYOUT = 'see README "Layout"';

const PURE = {
  bans: ['dexie', 'yjs', 'y-*', 'lib0', 'ws', 'papaparse', 'read-excel-file', NODE],
  why: 'it is pure: no storage, transport, Node or file-format library',
};

/**
 * What each layer of core/src may import besides itself: whole layers, single files of others, and
 * no package in `bans` (a name, a prefix*, or NODE). Other folders (cli, sample, testing) are unrestricted.
 */
const CORE_LAYERS = {
  domain: { layers: [], ...PURE },
  citations: { layers: [], ...PURE },
  permissions: { layers: ['domain', 'citations'], ...PURE },
  rules: { layers: ['domain', 'citations', 'permissions'], ...PURE },
  checklist: { layers: ['domain', 'citations', 'permissions', 'rules'], ...PURE },
  io: {
    layers: ['domain'],
    bans: ['dexie', 'yjs', 'y-*', 'lib0', 'ws', NODE],
    why: 'it reads and writes files, but stores and sends nothing',
  },
  store: { layers: ['domain', 'citations', 'permissions', 'rules', 'io'] },
  sync: { layers: ['domain', 'citations', 'permissions', 'sync/relay-logic'], files: ['store/index.ts'] },
  'sync/relay-logic': {
    layers: ['domain', 'permissions'],
    files: [
      'sync/wire-protocol.ts',
      'sync/doc-names.ts',
      'sync/update-checks.ts',
      'sync/close-codes.ts',
      'sync/origins.ts',
    ],
    bans: ['dexie', 'y-indexeddb', 'ws', NODE],
    why: 'it runs inside the relay process and the test relay alike',
  },
};

/** Test support that lives beside product code: it may import anything, and nothing may import it. */
const TEST_SUPPORT = new Set(['store/test-world.ts']);
const UI_BANS = ['dexie', 'yjs', 'y-*', 'lib0', 'ws'];
/** Core's subpaths the UI may not import for a value, also when core/package.json does not list them yet. */
const UI_BANNED_CORE = /^@holdfast\/core\/(store|sync|protocol|relay)(\/|$)/;

/** Where a file sits in core/src: its layer and its path there; layer null outside core/src. */
function placeInCore(file) {
  const inCore = toPosix(path.relative(CORE_SRC, file));
  if (inCore.startsWith('../') || path.isAbsolute(inCore)) return { layer: null, inCore };
  const [first, second] = inCore.split('/');
  if (TEST_SUPPORT.has(inCore) || /\.test\.tsx?$/.test(inCore)) return { layer: 'test support', inCore };
  if (first === 'sync' && (second === 'relay-logic' || second === 'testing'))
    return { layer: `sync/${second}`, inCore };
  return { layer: inCore.includes('/') ? first : 'index.ts', inCore };
}

function allowance(layer) {
  const { layers, files = [] } = CORE_LAYERS[layer];
  const allowed = [...layers.map((l) => `${l}/`), ...files];
  return allowed.length ? `may import only ${allowed.join(', ')} of core/src` : 'imports nothing else of Holdfast';
}

/** An ESLint rule: what it keeps, what it says, and how it looks. */
const rule = (description, messages, create) => ({
  meta: { type: 'problem', docs: { description }, schema: [], messages },
  create,
});

const coreImports = rule(
  "Keeps each folder of core/src to the layers below it (README's Layout).",
  {
    layer: `{{folder}} {{allowance}} (${LAYOUT}); '{{spec}}' lands {{target}}.`,
    library: `{{folder}} may not use {{library}}: {{why}} (${LAYOUT}).`,
    packageInCore: `Inside core/src, import core's own code by a relative path, not '{{spec}}' (${LAYOUT}).`,
  },
  (context) => {
    const file = context.filename;
    const { layer } = placeInCore(file);
    const rules = CORE_LAYERS[layer];
    const folder = `core/src/${layer}/`;
    return eachImport((node, spec) => {
      if (spec.startsWith('@holdfast/')) return context.report({ node, messageId: 'packageInCore', data: { spec } });
      if (!rules || isAlias(spec)) return; // Unrestricted, or no-path-alias says why.
      if (!isRelative(spec)) {
        const ban = bannedBy(spec, rules.bans ?? []);
        const library = ban === NODE ? `'${spec}' (a Node built-in)` : `'${spec}'`;
        if (ban) context.report({ node, messageId: 'library', data: { folder, library, why: rules.why } });
        return;
      }
      const target = placeInCore(resolveImport(spec, file));
      const allowed =
        target.layer === layer || rules.layers.includes(target.layer) || rules.files?.includes(target.inCore);
      if (allowed) return;
      const where = target.layer === null ? 'outside core/src' : `in core/src/${target.inCore}`;
      context.report({ node, messageId: 'layer', data: { folder, allowance: allowance(layer), spec, target: where } });
    });
  },
);

const uiImports = rule(
  'Keeps storage and transport out of the extension pages (type-only imports are fine).',
  {
    banned: `UI pages never touch IndexedDB, Yjs or a WebSocket: they read through data/ and talk to the background through messaging/, so '{{spec}}' may be imported for types only (${LAYOUT}).`,
  },
  (context) => {
    const coreStoreOrSync = (file) => /^(store|sync)\//.test(placeInCore(file).inCore);
    return eachImport((node, spec, typeOnly) => {
      if (typeOnly || isAlias(spec)) return;
      const target = resolveImport(spec, context.filename);
      const banned =
        (!isRelative(spec) && (bannedBy(spec, UI_BANS) || UI_BANNED_CORE.test(spec))) ||
        (target !== null && coreStoreOrSync(target));
      if (banned) context.report({ node, messageId: 'banned', data: { spec } });
    });
  },
);

const UI_GLOBALS = ['indexedDB', 'WebSocket'];
const GLOBAL_OBJECTS = ['globalThis', 'window', 'self'];

/** A property's name when it is written out (`a.b`, `a['b']`, a`b`), else undefined. */
function propertyName(member) {
  return keyName(member.property, member.computed);
}

function keyName(key, computed) {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked;
  return undefined;
}

/** Whether `name` here means the global of that name (no local variable hides it). */
function isGlobal(sourceCode, node, name) {
  for (let scope = sourceCode.getScope(node); scope; scope = scope.upper) {
    const variable = scope.set.get(name);
    if (variable) return variable.defs.length === 0;
  }
  return true;
}

const uiGlobals = rule(
  'No IndexedDB or WebSocket reached through globalThis, window or self in the UI.',
  {
    banned: `UI pages never open IndexedDB or a WebSocket, not even as {{object}}.{{name}}: they read through data/ and talk to the background through messaging/ (${LAYOUT}).`,
  },
  (context) => {
    const { sourceCode } = context;
    /** globalThis, window, self, or one reached from another (window.self, globalThis.window). */
    const isGlobalObject = (node) =>
      (node.type === 'Identifier' && GLOBAL_OBJECTS.includes(node.name) && isGlobal(sourceCode, node, node.name)) ||
      (node.type === 'MemberExpression' && GLOBAL_OBJECTS.includes(propertyName(node)) && isGlobalObject(node.object));
    const report = (node, object, name) =>
      context.report({ node, messageId: 'banned', data: { object: sourceCode.getText(object), name } });
    return {
      MemberExpression(node) {
        const name = propertyName(node);
        if (UI_GLOBALS.includes(name) && isGlobalObject(node.object)) report(node, node.object, name);
      },
      // const { indexedDB } = window;
      VariableDeclarator(node) {
        if (node.id.type !== 'ObjectPattern' || !node.init || !isGlobalObject(node.init)) return;
        for (const property of node.id.properties) {
          const name = property.type === 'Property' ? keyName(property.key, property.computed) : undefined;
          if (UI_GLOBALS.includes(name)) report(property, node.init, name);
        }
      },
    };
  },
);

const noPathAlias = rule(
  'Imports are relative, so the cycle check sees them.',
  {
    alias:
      "Import by a relative path, not the alias '{{spec}}': the cycle check (dpdm, run without the tsconfig) sees only relative imports, so a cycle through an alias would pass unseen.",
  },
  (context) =>
    eachImport((node, spec) => {
      if (isAlias(spec)) context.report({ node, messageId: 'alias', data: { spec } });
    }),
);

export const layersPlugin = {
  meta: { name: 'holdfast-layers' },
  rules: {
    'core-imports': coreImports,
    'ui-imports': uiImports,
    'ui-globals': uiGlobals,
    'no-path-alias': noPathAlias,
  },
};

const UI_FILES = [
  'extension/src/ui/**/*.{ts,tsx}',
  'extension/entrypoints/{sidepanel,popup,options}/**/*.{ts,tsx}',
  'extension/entrypoints/{sidepanel,popup,options}.{ts,tsx}',
];
const UI_BARE_GLOBALS = [
  'error',
  { name: 'indexedDB', message: 'UI pages never touch IndexedDB: read through data/ (see README "Layout").' },
  {
    name: 'WebSocket',
    message: 'UI pages never open a WebSocket: the background holds the team sync (see README "Layout").',
  },
];

export function layerRules() {
  const plugins = { layers: layersPlugin };
  return [
    { files: ['**/*.ts', '**/*.tsx'], plugins, rules: { 'layers/no-path-alias': 'error' } },
    // Test files and test support are told apart inside the rule (they may import anything but @holdfast/*).
    { files: ['core/src/**/*.ts'], plugins, rules: { 'layers/core-imports': 'error' } },
    {
      files: UI_FILES,
      ignores: ['**/*.test.ts', '**/*.test.tsx'],
      plugins,
      rules: { 'layers/ui-imports': 'error', 'layers/ui-globals': 'error', 'no-restricted-globals': UI_BARE_GLOBALS },
    },
    // The pages' plain scripts, loaded before their modules.
    {
      files: ['extension/public/*.js'],
      plugins,
      rules: { 'layers/ui-globals': 'error', 'no-restricted-globals': UI_BARE_GLOBALS },
    },
  ];
}
