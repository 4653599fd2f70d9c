import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/quiet-logs.ts'],
    // The console tests spawn real processes; give a slow CI machine room without hiding a hang.
    testTimeout: 30_000,
  },
});
