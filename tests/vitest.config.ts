import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'tests',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'artifacts/**'],
    // The extension is built once, before any test file runs (end-to-end tests load it).
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for a condition; its 1 s default is too short beside a CPU-bound process
    // (an import through the options page, a banner after the portal check).
    expect: { poll: { timeout: 30_000 } },
  },
});
