import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/quiet-logs.ts'],
    globalSetup: ['test/support/built-program.ts'],
    // Some tests run the real program as a process; give a slow CI machine room without hiding a hang.
    testTimeout: 30_000,
    // Test files wait on sockets and child processes more than they compute: use every core (vitest's default
    // leaves one free, which on a 2-core machine runs the files one after another).
    maxWorkers: '100%',
    // Worker threads start faster than child processes (a tenth off the suite here, on a noisy machine); the
    // SQLite driver and every test run in a thread as well.
    pool: 'threads',
    // Test files share their thread's modules instead of loading them afresh (a third of the suite's time was
    // loading). Each file still makes its own bot, data folder, database and fakes.
    isolate: false,
    // At most two real-program processes at once per file (describe.concurrent): more only queue for the CPU.
    maxConcurrency: 2,
  },
});
