import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'extension',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    exclude: ['src/**/*.browser.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup-testing-library.ts'],
  },
});
