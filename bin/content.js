#!/usr/bin/env node
// The `content` command. Normally runs the bundled CLI in a child process started from the Kusto snapshot
// (fast-start.js); when that is unavailable, or CONTENT_FAST_START=0, runs the TypeScript sources through tsx.
// Either way the CLI learns which sources it runs as CONTENT_SOURCE_FINGERPRINT (`content lint --cache` keys on it).
import { spawn } from 'node:child_process';
import { childFlags, prepareFastStart, sourceFingerprint } from './fast-start.js';

process.env.TZ = 'UTC';
const argv = process.argv.slice(2);
try {
  process.env.CONTENT_SOURCE_FINGERPRINT = sourceFingerprint();
} catch {
  // no readable sources: the CLI runs without a fingerprint (and --cache without reuse)
}

async function fastStart() {
  if (process.env.CONTENT_FAST_START === '0' || !process.env.CONTENT_SOURCE_FINGERPRINT) return undefined;
  try {
    return { ...(await prepareFastStart(process.env.CONTENT_SOURCE_FINGERPRINT)), flags: childFlags() };
  } catch (e) {
    if (process.env.CONTENT_DEBUG) process.stderr.write(`content: fast start unavailable: ${e.message}\n`);
    return undefined;
  }
}

const fast = await fastStart();
if (fast) {
  const child = spawn(process.execPath, [...fast.flags, '--snapshot-blob', fast.blob, fast.start, ...argv], { stdio: 'inherit' });
  // The child gets terminal signals itself; signals sent to this process alone are passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 2);
    }
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src/cli/run.ts');
  await run(argv);
}
