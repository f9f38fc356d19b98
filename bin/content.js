#!/usr/bin/env node
// Runs the CLI from its TypeScript sources; tsx compiles on the fly and caches.
import { register } from 'tsx/esm/api';

process.env.TZ = 'UTC';
// `content ... | head` closes the pipe early: stop quietly instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
