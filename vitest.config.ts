import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/setup/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Most of a test file's cost used to be loading the TypeScript sources and the Kusto parser (about 1 s of parser
    // load and warm-up) again in a fresh process. The files share nothing through globals or module state that
    // they do not set up themselves, so each worker process loads the parser once and runs file after file.
    isolate: false,
    // Vitest's default leaves one core idle (one worker on 2 cores); many files wait on child processes (the
    // launcher, chromium), so one worker per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
    // Per test file, shared modules or not: scratch directories are removed after the file that made them.
    setupFiles: ['test/setup/scratch-cleanup.ts'],
    // A fresh clone has no durations of an earlier run: the longest files start first (test/setup/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
  },
});
