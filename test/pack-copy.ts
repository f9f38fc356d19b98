/**
 * Copies parts of the pack (paths relative to the repository) into a fresh temporary directory, removed after the
 * test file; for tests that change content on disk.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

export function copyOfPack(parts: string[], prefix = 'pack-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  for (const part of parts) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  return dir;
}
