/**
 * The `content` executable itself (bin/content.js): fast start (the bundled CLI started from the Kusto snapshot)
 * must behave exactly as the sources run through tsx, build its caches safely, and fall back when it cannot.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without declarations
import { sourceFingerprint } from '../../bin/fast-start.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/content.js');
const BAD_INPUT = join(ROOT, 'test/fixtures/bad-input');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-'));
  temps.push(dir);
  return dir;
}

/** Tests that build a snapshot spend seconds of CPU per build: on a busy machine that takes longer than a minute. */
const BUILDS = 180_000;

interface Run { code: number | null; stdout: string; stderr: string }

function content(args: string[], options: { cwd?: string; env?: Record<string, string>; nodeFlags?: string[]; bin?: string } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), options.bin ?? BIN, ...args], {
      cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('fast start', () => {
  // Cold builds are the expensive part of these tests (a snapshot costs seconds of CPU): the tests share one cache,
  // made empty here and filled by the first of them (a test run alone builds what it needs).
  const shared = join(temp(), 'cache');

  it('builds its caches once when two runs start together on an empty cache', async () => {
    const cache = shared;
    const env = { CONTENT_CACHE_DIR: cache };
    const [a, b] = await Promise.all([content(['lint', '--list-codes'], { env }), content(['lint', '--list-codes'], { env })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stderr + b.stderr).toBe('');
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^kql-prefer-has\s/m);
    const entries = readdirSync(cache).sort();
    expect(entries.filter((e) => e.startsWith('cli-'))).toHaveLength(1);
    expect(entries.filter((e) => /^kusto-[0-9a-f]+\.blob$/.test(e))).toHaveLength(1);
    expect(entries.filter((e) => e.includes('.tmp-'))).toEqual([]);
  }, BUILDS);

  it('gives the same report and exit code as the sources run through tsx', async () => {
    const [fast, sources] = await Promise.all([
      content(['lint', '--format', 'json'], { cwd: BAD_INPUT, env: { CONTENT_CACHE_DIR: shared } }),
      content(['lint', '--format', 'json'], { cwd: BAD_INPUT, env: { CONTENT_FAST_START: '0' } }),
    ]);
    expect(fast.stderr).toBe('');
    expect(fast.code).toBe(1);
    expect(sources.code).toBe(1);
    expect(fast.stdout).toBe(sources.stdout);
    expect(JSON.parse(fast.stdout).problems.length).toBeGreaterThan(5);
  }, BUILDS);

  it('builds a snapshot for the V8 flags of NODE_OPTIONS and of its own command line, and passes them on', async () => {
    // A snapshot only starts under the flags it was built with, so each run below succeeding means its CLI process
    // got exactly the flags its snapshot was built for. The plain run finds its snapshot built by the test above
    // (or builds it when run alone); the other two build theirs.
    const cache = shared;
    const [plain, options, flags] = await Promise.all([
      content(['lint', '--list-codes'], { env: { CONTENT_CACHE_DIR: cache } }),
      content(['lint', '--list-codes'], { env: { CONTENT_CACHE_DIR: cache, NODE_OPTIONS: '--max-old-space-size=3000' } }),
      content(['lint', '--list-codes'], { env: { CONTENT_CACHE_DIR: cache }, nodeFlags: ['--max-old-space-size=2900'] }),
    ]);
    expect([plain.code, options.code, flags.code]).toEqual([0, 0, 0]);
    expect(options.stderr + flags.stderr).toBe('');
    expect(options.stdout).toBe(plain.stdout);
    expect(flags.stdout).toBe(plain.stdout);
    expect(readdirSync(cache).filter((e) => e.endsWith('.blob'))).toHaveLength(3);
  }, BUILDS);

  it('resolves its external packages from the project when the cache is outside it', async () => {
    // The shared cache is under the system's temporary directory, where no node_modules is found from the bundle.
    const deployHelp = await content(['deploy', '--help'], { env: { CONTENT_CACHE_DIR: shared } });
    expect(deployHelp.stderr).toBe('');
    expect(deployHelp.code).toBe(0);
    expect(deployHelp.stdout).toMatch(/^Usage: content deploy/);
    const pack = temp();
    cpSync(join(ROOT, 'test/replay/fixtures/pack'), pack, { recursive: true });
    const tested = await content(['test', '--no-noise', '--format', 'json'], { cwd: pack, env: { CONTENT_CACHE_DIR: shared } });
    expect(tested.stderr).not.toMatch(/internal error/);
    expect(tested.code).toBe(0);
    expect(JSON.parse(tested.stdout).summary).toMatchObject({ rules: 1, failed: 0, errors: 0 });
  }, BUILDS);

  it('keeps working when the checkout is moved after a run', async () => {
    // A checkout of its own (the sources, schemas and launcher copied; node_modules entries linked, its cache its own),
    // run once, then renamed: the bundle built for the old location must not be used at the new one.
    const parent = temp();
    const before = join(parent, 'checkout');
    for (const part of ['bin', 'src', 'schemas', 'package.json', 'package-lock.json']) cpSync(join(ROOT, part), join(before, part), { recursive: true });
    mkdirSync(join(before, 'node_modules'));
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry !== '.cache') symlinkSync(join(ROOT, 'node_modules', entry), join(before, 'node_modules', entry));
    }
    // The snapshot does not depend on the checkout's location: reuse the one already built, when there is one.
    const { name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string };
    const cache = join(before, 'node_modules/.cache', name);
    mkdirSync(cache, { recursive: true });
    for (const dir of [join(ROOT, 'node_modules/.cache', name), shared]) {
      if (!existsSync(dir)) continue;
      for (const blob of readdirSync(dir).filter((e) => /^kusto-[0-9a-f]+\.blob$/.test(e))) cpSync(join(dir, blob), join(cache, blob));
    }
    const bin = (root: string) => join(root, 'bin/content.js');
    const first = await content(['lint', '--format', 'json'], { cwd: BAD_INPUT, bin: bin(before) });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    const after = join(parent, 'moved');
    renameSync(before, after);
    const moved = await content(['lint', '--format', 'json'], { cwd: BAD_INPUT, bin: bin(after) });
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(1);
    expect(moved.stdout).toBe(first.stdout);
    expect(JSON.parse(moved.stdout).problems.length).toBeGreaterThan(5);
  }, BUILDS);

  it('runs from the sources when its caches cannot be written', async () => {
    const file = join(temp(), 'not-a-directory');
    writeFileSync(file, '');
    const run = await content(['lint', '--list-codes'], { env: { CONTENT_CACHE_DIR: file } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^kql-prefer-has\s/m);
  });

  it('passes usage errors through with exit code 2', async () => {
    const run = await content(['lint', '--format', 'xml'], { env: { CONTENT_CACHE_DIR: shared } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/xml/);
  });
});

describe('sourceFingerprint', () => {
  it('changes when a source file changes and only then', () => {
    const root = temp();
    mkdirSync(join(root, 'src/kql'), { recursive: true });
    const file = join(root, 'src/kql/a.ts');
    writeFileSync(file, 'export const a = 1;\n');
    const first = sourceFingerprint(root);
    expect(sourceFingerprint(root)).toBe(first);
    writeFileSync(file, 'export const a = 2;\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = sourceFingerprint(root);
    expect(second).not.toBe(first);
    writeFileSync(join(root, 'src/b.ts'), '');
    expect(sourceFingerprint(root)).not.toBe(second);
  });
});
