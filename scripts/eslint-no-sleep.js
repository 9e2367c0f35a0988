// No fixed sleeps in tests or their support code. A test that sleeps a set time and then asserts
// passes on a slow machine without checking anything, and a test that counts microtask rounds
// breaks (or, worse, still passes) when the code under test adds or drops an `await`: wait for a
// condition (vi.waitFor, expect.poll, pollUntil) or for a marker sent after the forbidden action.
//
// Polling for a condition needs a timer between tries: tests/support/poll-until.ts is the one
// place that has one, and the only file exempt. Fake timers (vi.advanceTimersByTimeAsync, a manual
// clock), a real timer handed to the code under test (`setTimeout: (callback, ms) => setTimeout(callback, ms)`)
// and setInterval as a load generator are not sleeps and stay allowed.

const TIMERS = ['setTimeout', 'setImmediate', 'queueMicrotask'];
/** Objects whose setTimeout is the real one. */
const TIMER_OBJECTS = ['globalThis', 'window', 'self', 'global', 'timers'];
/** Called by name, these only ever wait a set time. As methods, pause and wait are other things (a stream's pause). */
const SLEEP_CALLS = ['sleep', 'delay', 'pause', 'wait', 'waitForTimeout'];
const SLEEP_METHODS = ['sleep', 'delay'];
const CONDITION = 'wait for a condition (vi.waitFor, expect.poll, pollUntil) or for a marker sent after the action';

function keyName(key, computed) {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked;
  return undefined;
}
const propertyName = (node) => (node.type === 'MemberExpression' ? keyName(node.property, node.computed) : undefined);

/** `name`, or `<object>.name` (also `object['name']`). */
const isNamed = (node, name) => (node.type === 'Identifier' && node.name === name) || propertyName(node) === name;

/** Nodes whose key names a property: `{ setTimeout: … }`, `setTimeout(callback, ms) {…}`. */
const KEYED = ['Property', 'MethodDefinition', 'PropertyDefinition', 'TSPropertySignature', 'TSMethodSignature'];

/** Whether an identifier is read as a variable here, not written as a property name or a type. */
function isVariable(node) {
  const { parent } = node;
  if (parent.type === 'MemberExpression') return parent.object === node || parent.computed;
  if (KEYED.includes(parent.type)) return parent.value === node || parent.computed;
  return parent.type !== 'TSTypeQuery' && !parent.type.startsWith('Import');
}

const noFixedSleep = {
  meta: {
    type: 'problem',
    docs: { description: 'No fixed sleeps, nor counted microtask rounds, in tests and test support.' },
    schema: [],
    messages: {
      timersPromises: `No fixed sleeps in tests: '{{spec}}' is a sleep; ${CONDITION}.`,
      timerInPromise: `No fixed sleeps in tests: a promise resolved by {{timer}} waits a set time, or a counted number of ticks; ${CONDITION}.`,
      awaitedTimer: `No fixed sleeps in tests: awaiting {{timer}} waits a set time; ${CONDITION}.`,
      sleep: `No fixed sleeps in tests: {{call}} waits a set time; ${CONDITION}.`,
      microtasks: `No counted microtask rounds in tests: they change whenever the code under test adds or drops an await; ${CONDITION}.`,
    },
  },
  create(context) {
    const { sourceCode } = context;
    // Names bound to node:timers' timers by an import (`import { setTimeout as later } from 'node:timers'`).
    const timerNames = new Set(TIMERS);
    const timerObjects = new Set(TIMER_OBJECTS);

    /** globalThis, window, timers…, one reached from another (globalThis.window), or timers.promises. */
    const isTimerObject = (node) =>
      (node.type === 'Identifier' && timerObjects.has(node.name)) ||
      (node.type === 'MemberExpression' &&
        (propertyName(node) === 'promises' || timerObjects.has(propertyName(node))) &&
        isTimerObject(node.object));
    /** The timer `node` names, if it names one: setTimeout, globalThis.setTimeout, timers['setImmediate'], process.nextTick. */
    function timerIn(node) {
      if (node.type === 'Identifier') return timerNames.has(node.name) && isVariable(node) ? node.name : undefined;
      const name = propertyName(node);
      if (name === 'nextTick' && isNamed(node.object, 'process')) return 'process.nextTick';
      return TIMERS.includes(name) && isTimerObject(node.object) ? name : undefined;
    }
    const inNewPromise = (node) =>
      sourceCode.getAncestors(node).some((n) => n.type === 'NewExpression' && isNamed(n.callee, 'Promise'));

    function checkTimer(node) {
      const timer = timerIn(node);
      if (!timer) return;
      const { parent } = node;
      if (parent.type === 'CallExpression' && parent.callee === node && parent.parent.type === 'AwaitExpression')
        context.report({ node, messageId: 'awaitedTimer', data: { timer } });
      else if (inNewPromise(node)) context.report({ node, messageId: 'timerInPromise', data: { timer } });
    }

    function checkSource(source) {
      const spec = source?.type === 'Literal' ? source.value : undefined;
      if (spec === 'timers/promises' || spec === 'node:timers/promises')
        context.report({ node: source, messageId: 'timersPromises', data: { spec } });
    }

    return {
      ImportDeclaration(node) {
        checkSource(node.source);
        if (node.source.value !== 'timers' && node.source.value !== 'node:timers') return;
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') timerObjects.add(specifier.local.name);
          else if (TIMERS.includes(keyName(specifier.imported, false))) timerNames.add(specifier.local.name);
        }
      },
      ExportNamedDeclaration: (node) => checkSource(node.source),
      ExportAllDeclaration: (node) => checkSource(node.source),
      ImportExpression: (node) => checkSource(node.source),
      Identifier: checkTimer,
      MemberExpression(node) {
        checkTimer(node);
        const name = propertyName(node);
        const sleep =
          name === 'waitForTimeout' ||
          (isNamed(node.object, 'Atomics') && (name === 'wait' || name === 'waitAsync')) ||
          (isNamed(node.object, 'scheduler') && name === 'wait');
        if (sleep) context.report({ node, messageId: 'sleep', data: { call: sourceCode.getText(node) } });
      },
      CallExpression(node) {
        const { callee } = node;
        const sleep =
          (callee.type === 'Identifier' && SLEEP_CALLS.includes(callee.name)) ||
          SLEEP_METHODS.includes(propertyName(callee));
        if (sleep) context.report({ node, messageId: 'sleep', data: { call: `${sourceCode.getText(callee)}()` } });
      },
      // `await Promise.resolve();` (or `await null;`) on its own: it only lets a counted number of microtasks run.
      'ExpressionStatement > AwaitExpression'(node) {
        const awaited = node.argument;
        const nothing =
          awaited.type === 'Literal' ||
          (awaited.type === 'Identifier' && awaited.name === 'undefined') ||
          (awaited.type === 'UnaryExpression' && awaited.operator === 'void') ||
          (awaited.type === 'CallExpression' &&
            awaited.callee.type === 'MemberExpression' &&
            propertyName(awaited.callee) === 'resolve' &&
            isNamed(awaited.callee.object, 'Promise') &&
            awaited.arguments.every((argument) => argument.type === 'Literal' || isNamed(argument, 'undefined')));
        if (nothing) context.report({ node, messageId: 'microtasks' });
      },
    };
  },
};

export const noSleepPlugin = { meta: { name: 'holdfast-no-sleep' }, rules: { 'no-fixed-sleep': noFixedSleep } };

/** Tests, and the code only tests run (found by what imports it). */
export const TEST_FILES = [
  '**/*.test.ts',
  '**/*.test.tsx',
  'tests/**/*.ts',
  'core/src/testing/**/*.ts',
  'core/src/sync/testing/**/*.ts',
  'core/src/store/test-world.ts',
  'extension/src/testing/**/*.{ts,tsx}',
  'extension/src/ui/sidepanel/side-panel-fakes.tsx',
  'extension/test/**/*.{ts,tsx}',
];

export function noSleepRules() {
  return [
    {
      files: TEST_FILES,
      // The one sanctioned poller: it sleeps between tries of a condition, and says what it waited for.
      ignores: ['tests/support/poll-until.ts'],
      plugins: { tests: noSleepPlugin },
      rules: { 'tests/no-fixed-sleep': 'error' },
    },
  ];
}
