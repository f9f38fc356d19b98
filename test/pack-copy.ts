/**
 * Copies parts of the pack (paths relative to the repository) into a fresh temporary directory, removed after the
 * test file; for tests that change content on disk.
 */
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scratchDir } from './scratch.ts';

const ROOT = resolve(import.meta.dirname, '..');

export function copyOfPack(parts: string[], prefix = 'pack-'): string {
  const dir = scratchDir(prefix);
  for (const part of parts) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  return dir;
}
