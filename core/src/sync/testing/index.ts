/**
 * @holdfast/core/sync/testing — for tests of code built on the sync library (the extension's
 * background, for one): an in-memory relay and a manual clock. Never imported by production code.
 */
export * from './memory-relay.ts';
export * from './manual-clock.ts';
