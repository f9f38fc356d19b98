/** Shared test helpers: run the CLI in-process against a fixture repository copy. */
import { cp } from 'node:fs/promises';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { scratchDir } from '../scratch.ts';

export const FIXTURE = join(import.meta.dirname, 'fixtures', 'pack');

/** A scratch copy of the fixture pack (removed after the test file). */
export async function fixtureCopy(): Promise<string> {
  const dir = scratchDir('deploy-test-');
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

/** The repository root: its detections/, workbooks/, schemas/ and package.json are the pack itself. */
export const PACK_ROOT = join(import.meta.dirname, '..', '..');

/** A scratch copy of the pack's own content (what `content build` reads), removed after the test file. */
export async function packCopy(parts = ['detections', 'workbooks', 'schemas', 'package.json']): Promise<string> {
  const dir = scratchDir('deploy-pack-');
  for (const part of parts) await cp(join(PACK_ROOT, part), join(dir, part), { recursive: true });
  return dir;
}

export async function runCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd, env, isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}


/** A TokenCredential for tests: returns a fixed token and records the scopes asked for. */
export class FakeCredential implements TokenCredential {
  readonly scopes: string[][] = [];
  constructor(readonly token = 'test-token') {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(Array.isArray(scopes) ? scopes : [scopes]);
    return { token: this.token, expiresOnTimestamp: Date.now() + 3600_000, tokenType: 'Bearer' };
  }
}
