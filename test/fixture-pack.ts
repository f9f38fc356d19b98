/** The `content` command in-process on a scratch copy of the replay fixture pack. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../src/cli/main.ts';
import { scratchDir } from './scratch.ts';

const FIXTURE = resolve(import.meta.dirname, 'replay/fixtures/pack');
export const RULE = 'detections/demo/domain-download.yaml';
export const TESTS = 'detections/demo/domain-download.test.yaml';

export function fixturePack(): string {
  const dir = scratchDir('authoring-');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Replaces `from` by `to` in a file of the pack; fails when `from` is not there (the fixture changed). */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${String(from)} not found`);
  writeFileSync(path, next);
}

export async function content(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd, env: {}, isTTY: false });
  return { code, stdout, stderr };
}
