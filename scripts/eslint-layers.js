// The architecture as lint: which folder of Holdfast may import which. The README's "Layout"
// section describes the same layering; a change to one is a change to the other.
//
// core/src/   domain, citations ← permissions ← rules ← checklist   (each may import those to its left)
//             domain ← io                                   citations: the Cisco sentences cited
//             store  ← domain, citations, permissions, rules, io   (never sync)
//             sync   ← domain, permissions, store's public index (never store internals)
//             sync/relay-logic ← domain, permissions and sync's pure modules (wire protocol, doc names,
//                    update checks, close codes): the relay's per-document logic, shared by the relay
//                    process and the test relay — no store, Dexie, y-indexeddb, socket or Node
// extension/src/ui    never Dexie, Yjs, y-* or a WebSocket: pages read through data/ and talk
//                     to the background through messaging/.
// Tests and test support may import anything (fixtures, builders, samples).

const CORE_FOLDERS = [
  'domain',
  'citations',
  'permissions',
  'rules',
  'checklist',
  'io',
  'store',
  'sync',
  'cli',
  'sample',
  'testing',
];

/** May import only these sibling folders of core/src (besides its own). */
const CORE_LAYERS = {
  domain: [],
  citations: [],
  permissions: ['domain', 'citations'],
  rules: ['domain', 'citations', 'permissions'],
  checklist: ['domain', 'citations', 'permissions', 'rules'],
  io: ['domain'],
  store: ['domain', 'citations', 'permissions', 'rules', 'io'],
};

const STORAGE_AND_TRANSPORT = [
  'dexie',
  'yjs',
  'y-*',
  'y-protocols/*',
  'lib0/*',
  'ws',
  '@holdfast/core/store',
  '@holdfast/core/sync',
  '@holdfast/core/sync/*',
];

const message = (folder, allowed) =>
  allowed.length
    ? `core/src/${folder}/ may import only ${allowed.map((f) => `${f}/`).join(', ')} (see README "Layout").`
    : `core/src/${folder}/ imports nothing else of Holdfast (see README "Layout").`;

export function layerRules() {
  const configs = Object.entries(CORE_LAYERS).map(([folder, allowed]) => {
    const forbidden = CORE_FOLDERS.filter((f) => f !== folder && !allowed.includes(f));
    return {
      files: [`core/src/${folder}/**/*.ts`],
      // Tests and test support (test-world.ts) may use builders and samples.
      ignores: ['**/*.test.ts', '**/test-*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: forbidden.map((f) => `../${f}/*`), message: message(folder, allowed) },
              { group: ['@holdfast/*'], message: message(folder, allowed) },
              ...(folder === 'domain' ||
              folder === 'citations' ||
              folder === 'permissions' ||
              folder === 'rules' ||
              folder === 'checklist'
                ? [
                    {
                      group: ['dexie', 'yjs', 'y-*', 'ws', 'node:*', 'papaparse'],
                      message: `core/src/${folder}/ is pure: no storage, transport, Node or file-format library.`,
                    },
                  ]
                : []),
            ],
          },
        ],
      },
    };
  });
  configs.push({
    files: ['core/src/sync/**/*.ts'],
    ignores: ['**/*.test.ts', 'core/src/sync/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../store/*', '!../store/index.ts'],
              message:
                'core/src/sync/ uses the store through its public index (../store/index.ts), never its internals.',
            },
            {
              group: ['../rules/*', '../checklist/*', '../io/*', '../cli/*', '../sample/*'],
              message: 'core/src/sync/ may import domain/, permissions/ and the store index only.',
            },
          ],
        },
      ],
    },
  });
  configs.push({
    files: ['core/src/sync/relay-logic/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../*.ts',
                '../testing/*',
                '!../wire-protocol.ts',
                '!../doc-names.ts',
                '!../update-checks.ts',
                '!../close-codes.ts',
              ],
              message:
                'core/src/sync/relay-logic/ runs inside the relay process too: of sync/ it may import only the wire protocol, doc names, update checks and close codes.',
            },
            {
              group: ['../../*/*', '!../../domain/*', '!../../permissions/*'],
              message: 'core/src/sync/relay-logic/ may import domain/ and permissions/ only (no store, rules or io).',
            },
            {
              group: ['dexie', 'y-indexeddb', 'ws', 'node:*', '@holdfast/*'],
              message: "core/src/sync/relay-logic/ is the relay's pure per-document logic: no storage, socket or Node.",
            },
          ],
        },
      ],
    },
  });
  configs.push({
    files: ['extension/src/ui/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: STORAGE_AND_TRANSPORT,
              allowTypeImports: true,
              message:
                'UI components never touch IndexedDB, Yjs or a WebSocket: read through data/, talk to the background through messaging/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'indexedDB', message: 'UI components never touch IndexedDB: read through data/.' },
        { name: 'WebSocket', message: 'UI components never open a WebSocket: the background holds the team sync.' },
      ],
    },
  });
  return configs;
}
