#!/usr/bin/env node
// Runs the CLI from its TypeScript sources; tsx compiles on the fly and caches.
import { register } from 'tsx/esm/api';

process.env.TZ = 'UTC';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
