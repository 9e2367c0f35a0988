// The two lint gates, proved: the layering (scripts/eslint-layers.js) and no fixed sleeps in tests
// (scripts/eslint-no-sleep.js). Each probe is linted as if it were a file at the given path, with
// the repository's own eslint.config.js, and never written to disk: every way round a gate an
// outside review found is reported, and the imports and waits the code relies on are not.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Built once: loading the config and its plugins is most of the cost.
const eslint = new ESLint({ cwd: ROOT });

const GATES = [
  'layers/core-imports',
  'layers/ui-imports',
  'layers/ui-globals',
  'layers/no-path-alias',
  'no-restricted-globals',
  'tests/no-fixed-sleep',
];

/** What the gates say about `code` at `file`; a probe that does not parse fails here, not silently. */
async function gateMessages(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  const fatal = result!.messages.filter((message) => message.fatal);
  expect(fatal.map((message) => message.message)).toEqual([]);
  return result!.messages.filter((message) => GATES.includes(message.ruleId ?? ''));
}

describe('the layer gate', () => {
  const core = 'layers/core-imports';
  const ui = 'layers/ui-imports';
  const globals = 'layers/ui-globals';
  it.each([
    ['domain → store', 'core/src/domain/probe.ts', "import '../store/rows.ts';", core],
    ['a rules subfolder → store', 'core/src/rules/sub/probe.ts', "import '../../store/index.ts';", core],
    ['a folder import', 'core/src/rules/probe.ts', "import '../store';", core],
    ['a detour through core/', 'core/src/rules/probe.ts', "import '../../src/store/rows.ts';", core],
    ['a re-export', 'core/src/domain/probe.ts', "export * from '../rules/rule.ts';", core],
    ['a type-only import in core', 'core/src/domain/probe.ts', "import type { X } from '../store/rows.ts';", core],
    ['a type import() in core', 'core/src/rules/probe.ts', "type Db = import('../store/index.ts').HoldfastDb;", core],
    ['permissions → rules', 'core/src/permissions/probe.ts', "import '../rules/rule.ts';", core],
    ['io → yjs', 'core/src/io/probe.ts', "import * as Y from 'yjs';", core],
    ['io → a y-* subpath', 'core/src/io/probe.ts', "import { readSyncMessage } from 'y-protocols/sync';", core],
    ['io → node:fs', 'core/src/io/probe.ts', "import { readFileSync } from 'node:fs';", core],
    ['rules → papaparse', 'core/src/rules/probe.ts', "import Papa from 'papaparse';", core],
    ['domain → lib0', 'core/src/domain/probe.ts', "import * as encoding from 'lib0/encoding';", core],
    ['checklist → bare fs', 'core/src/checklist/probe.ts', "import { readFileSync } from 'fs';", core],
    ['relay-logic → bare fs', 'core/src/sync/relay-logic/probe.ts', "import { readFileSync } from 'fs';", core],
    ['relay-logic → dexie', 'core/src/sync/relay-logic/probe.ts', "import Dexie from 'dexie';", core],
    ['relay-logic → sync', 'core/src/sync/relay-logic/probe.ts', "import '../team-sync.ts';", core],
    ['relay-logic → store', 'core/src/sync/relay-logic/probe.ts', "import '../../store/index.ts';", core],
    ['store → sync', 'core/src/store/probe.ts', "import '../sync/index.ts';", core],
    ['store → test support', 'core/src/store/probe.ts', "import '../testing/builders.ts';", core],
    ['sync → a store internal', 'core/src/sync/probe.ts', "import '../store/rows.ts';", core],
    ['sync → rules', 'core/src/sync/probe.ts', "import '../rules/rule.ts';", core],
    ['@holdfast/core inside core', 'core/src/rules/probe.ts', "import { can } from '@holdfast/core';", core],
    ['@holdfast/core in a core test', 'core/src/rules/probe.test.ts', "import '@holdfast/core/store';", core],
    ['the @/ alias', 'extension/src/data/probe.ts', "import { x } from '@/data/x.ts';", 'layers/no-path-alias'],
    ['the ~/ alias', 'tests/relay/probe.test.ts', "import '~/support/team.ts';", 'layers/no-path-alias'],
    ['UI → dexie', 'extension/src/ui/sidepanel/probe.tsx', "import Dexie from 'dexie';", ui],
    ['UI → inline type only', 'extension/src/ui/popup/probe.tsx', "import { type Table } from 'dexie';", ui],
    ['UI → the store', 'extension/src/ui/options/probe.tsx', "import { openStore } from '@holdfast/core/store';", ui],
    ['UI → sync testing', 'extension/src/ui/shared/probe.ts', "import '@holdfast/core/sync/testing';", ui],
    ['UI → protocol', 'extension/src/ui/shared/probe.ts', "import { encodeToken } from '@holdfast/core/protocol';", ui],
    ['UI → relay', 'extension/src/ui/shared/probe.ts', "export { relayWrite } from '@holdfast/core/relay';", ui],
    [
      'UI → core/src/sync by path',
      'extension/src/ui/shared/probe.ts',
      "import '../../../../core/src/sync/team-sync.ts';",
      ui,
    ],
    ['UI dynamic import()', 'extension/src/ui/sidepanel/probe.tsx', "export const load = () => import('yjs');", ui],
    ['a page entrypoint → dexie', 'extension/entrypoints/sidepanel/probe.ts', "import Dexie from 'dexie';", ui],
    ['the popup entrypoint', 'extension/entrypoints/popup/main.tsx', "import 'y-indexeddb';", ui],
    ['UI globalThis.WebSocket', 'extension/src/ui/shared/probe.ts', "new globalThis.WebSocket('ws://x');", globals],
    ['UI window.indexedDB', 'extension/src/ui/shared/probe.ts', "window.indexedDB.open('holdfast');", globals],
    ["UI window['indexedDB']", 'extension/src/ui/shared/probe.ts', "window['indexedDB'].open('holdfast');", globals],
    ['UI self.indexedDB', 'extension/entrypoints/options/probe.ts', "self.indexedDB.open('holdfast');", globals],
    ['UI destructured', 'extension/src/ui/shared/probe.ts', 'const { WebSocket: Socket } = globalThis;', globals],
    ['UI bare indexedDB', 'extension/src/ui/shared/probe.ts', "indexedDB.open('holdfast');", 'no-restricted-globals'],
    ['a page script', 'extension/public/probe.js', "globalThis.indexedDB.open('holdfast');", globals],
  ])('reports %s', async (_name, file, code, rule) => {
    const messages = await gateMessages(file, code);
    expect(messages.map((message) => message.ruleId)).toContain(rule);
    if (rule.startsWith('layers/') && rule !== 'layers/no-path-alias')
      expect(messages[0]!.message).toContain('README "Layout"');
  });

  it.each([
    ['rules → permissions', 'core/src/rules/probe.ts', "import '../permissions/can.ts';"],
    ['a rules subfolder → domain', 'core/src/rules/sub/probe.ts', "import '../../domain/order.ts';"],
    ['checklist → rules', 'core/src/checklist/probe.ts', "import { evaluateRules } from '../rules/evaluate-rules.ts';"],
    ['sync → the store index', 'core/src/sync/probe.ts', "import { toOrderRow } from '../store/index.ts';"],
    ['sync → relay-logic', 'core/src/sync/probe.ts', "import './relay-logic/decoded-update.ts';"],
    ['relay-logic → the wire protocol', 'core/src/sync/relay-logic/probe.ts', "import '../wire-protocol.ts';"],
    ['relay-logic → yjs', 'core/src/sync/relay-logic/probe.ts', "import * as Y from 'yjs';"],
    ['io → papaparse', 'core/src/io/probe.ts', "import Papa from 'papaparse';"],
    ['store → dexie and io', 'core/src/store/probe.ts', "import Dexie from 'dexie';\nimport '../io/index.ts';"],
    ['a core test → anything', 'core/src/domain/probe.test.ts', "import '../store/test-world.ts';"],
    ['test-world → builders', 'core/src/store/test-world.ts', "import '../testing/builders.ts';"],
    ['the CLI → the store', 'core/src/cli/probe.ts', "import '../store/index.ts';"],
    ['UI import type from dexie', 'extension/src/ui/sidepanel/probe.tsx', "import type { Table } from 'dexie';"],
    [
      'UI import type from the store',
      'extension/src/ui/options/probe.tsx',
      "import type { X } from '@holdfast/core/store';",
    ],
    ['UI → core', 'extension/src/ui/shared/probe.ts', "import { can } from '@holdfast/core';"],
    ['UI → data/', 'extension/src/ui/shared/probe.ts', "import '../../data/order-list.ts';"],
    ['a local named self', 'extension/src/ui/shared/probe.ts', 'const self = { indexedDB: 1 };\nself.indexedDB;'],
    ['the background → dexie', 'extension/src/background/probe.ts', "import Dexie from 'dexie';"],
  ])('allows %s', async (_name, file, code) => {
    expect(await gateMessages(file, code)).toEqual([]);
  });
});

describe('the no-fixed-sleep gate', () => {
  const SLEEPS = [
    ["import { setTimeout } from 'node:timers/promises';"],
    ["import { setTimeout as later } from 'timers/promises';"],
    ["export { setTimeout } from 'node:timers/promises';"],
    ["const { setTimeout: later } = await import('node:timers/promises');"],
    ["import * as timers from 'node:timers';\nawait new Promise((r) => timers.setTimeout(r, 10));"],
    ["import { setTimeout as later } from 'node:timers';\nawait new Promise((r) => later(r, 10));"],
    ['await new Promise((r) => setTimeout(r, 10));'],
    ['await new Promise((r) => globalThis.setTimeout(r, 10));'],
    ["await new Promise((r) => window['setTimeout'](r, 10));"],
    ['await new Promise((r) => setImmediate(r));'],
    ['await new Promise(setImmediate);'],
    ['await new Promise((r) => process.nextTick(r));'],
    ['await new Promise((r) => queueMicrotask(() => r(undefined)));'],
    ['await setTimeout(10);'],
    ['await globalThis.setImmediate();'],
    ['Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);'],
    ['await scheduler.wait(10);'],
    ['await page.waitForTimeout(100);'],
    ["await page['waitForTimeout'](100);"],
    ['await sleep(10);'],
    ['await delay(10);'],
    ['await pause(10);'],
    ['await wait(10);'],
    ['await Promise.resolve();'],
    ['for (let i = 0; i < 3; i++) await Promise.resolve();'],
    ['await null;'],
  ];
  const FILES = [
    'tests/relay/probe.test.ts',
    'extension/src/ui/sidepanel/probe.test.tsx',
    'tests/relay/support/probe.ts',
    'core/src/sync/testing/probe.ts',
    'core/src/store/test-world.ts',
    'extension/src/ui/sidepanel/side-panel-fakes.tsx',
  ];
  const everywhere = (cases: string[][]) => cases.flatMap(([code]) => FILES.map((file) => [code!, file] as const));

  it.each(everywhere(SLEEPS))('reports %s in %s', async (code, file) => {
    const messages = await gateMessages(file, code);
    expect(messages.map((message) => message.ruleId)).toContain('tests/no-fixed-sleep');
  });

  it.each(
    everywhere([
      ['const provider = createProvider({ setTimeout: (callback, ms) => setTimeout(callback, ms) });'],
      ['const load = setInterval(() => writes++, 10);\nclearInterval(load);'],
      ['vi.useFakeTimers();\nawait vi.advanceTimersByTimeAsync(100);'],
      ['await vi.waitFor(() => expect(seen).toBe(1));'],
      ['await expect.poll(() => seen).toBe(1);'],
      ['await new Promise<void>((resolve) => clock.setTimeout(resolve, 10));'],
      ["await new Promise<void>((resolve) => socket.once('open', resolve));"],
      ['socket.pause();'],
      ['await Promise.resolve(work);'],
      ['await client.roundTrip();'],
      ["await pollUntil('the relay answers', () => answered, { everyMs: 10, timeoutMs: 1000 });"],
    ]),
  )('allows %s in %s', async (code, file) => {
    expect(await gateMessages(file, code)).toEqual([]);
  });

  it('exempts only the sanctioned poller, and leaves product code to other review', async () => {
    const sleep = 'await new Promise((r) => setTimeout(r, 10));';
    expect(await gateMessages('tests/support/poll-until.ts', sleep)).toEqual([]);
    expect(await gateMessages('tests/support/other.ts', sleep)).not.toEqual([]);
    expect(await gateMessages('sync-server/src/server/probe.ts', sleep)).toEqual([]);
  });
});
