/**
 * `content lint --watch` and `content test --watch`, in-process: the first report, then a new one after a content
 * file changes; only the changed rule is tested again when only a rule changed; the io's signal ends the watch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { copyOfPack } from '../pack-copy.ts';

/** A copy of the pack's detections (two areas and the parser), samples and schemas. */
const pack = () => copyOfPack(['detections/parsers', 'detections/security-domain', 'detections/key-operations', 'samples', 'schemas'], 'watch-');

function watching(args: string[], cwd: string) {
  const controller = new AbortController();
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd, env: {}, isTTY: false, signal: controller.signal };
  const done = main(args, io);
  const waitFor = async (test: () => boolean, what: string) => {
    const until = Date.now() + 60_000;
    while (!test()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; stdout:\n${out}\nstderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { out: () => out, err: () => err, waitFor, stop: async () => { controller.abort(); return done; } };
}

const runs = (err: string) => err.match(/watching /g)?.length ?? 0;

describe('--watch', () => {
  it('lints again when a rule changes, and stops on the signal', async () => {
    const dir = pack();
    const w = watching(['lint', '--watch', '--no-replay'], dir);
    await w.waitFor(() => runs(w.err()) === 1, 'the first lint');
    expect(w.out()).toMatch(/no problems/);
    const rule = join(dir, 'detections/security-domain/security-domain-download.yaml');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace(/^severity: \w+$/m, 'severity: Hgh'));
    await w.waitFor(() => runs(w.err()) === 2, 'the lint after the change');
    expect(w.err()).toContain('detections/security-domain/security-domain-download.yaml changed');
    expect(w.out()).toMatch(/security-domain-download\.yaml:\d+:\d+ +error +rule-enum/);
    expect(await w.stop()).toBe(1);
  });

  it('tests only the changed rule when only a rule changed', async () => {
    const dir = pack();
    const w = watching(['test', '--watch', '--no-noise', '--ci'], dir);
    await w.waitFor(() => runs(w.err()) === 1, 'the first test run');
    const first = w.out();
    expect(first).toMatch(/Managed HSM key deleted or purged/);
    const rule = join(dir, 'detections/security-domain/security-domain-download.yaml');
    writeFileSync(rule, `${readFileSync(rule, 'utf8')}# touched\n`);
    await w.waitFor(() => runs(w.err()) === 2, 'the test run after the change');
    const second = w.out().slice(first.length);
    expect(second).toMatch(/^\S.*security-domain-download\.yaml$/m);
    expect(second).not.toMatch(/Managed HSM key deleted or purged/);
    await w.stop();
  });
});
