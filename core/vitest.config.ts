import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Fixed work, not a speed check (benchmarks measure speed): on a loaded 2-core machine an
    // import of fixed data took longer than vitest's 5 s default.
    testTimeout: 60_000,
  },
});
