/**
 * `content lint --cache`: a second run reuses every file's findings and reports the same; a changed rule is linted
 * again alone; a changed workspace function, schema or setting starts afresh; a damaged cache file is ignored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintContent } from '../../src/lint/index.ts';
import { copyOfPack } from '../pack-copy.ts';

const pack = () => copyOfPack(['detections/parsers', 'detections/security-domain', 'detections/key-operations'], 'lint-cache-');

const lint = (root: string, settings?: Record<string, 'off' | 'warn' | 'error' | 'info'>) =>
  lintContent({ root, cache: { file: '.contentlintcache', linterVersion: 'test' }, settings });
const findings = (r: Awaited<ReturnType<typeof lint>>) => r.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`);

describe('lint cache', () => {
  it('reuses every file on an unchanged second run, with the same findings', async () => {
    const dir = pack();
    const first = await lint(dir);
    expect(first.cacheHits).toBe(0);
    const second = await lint(dir);
    expect(second.cacheHits).toBe(first.rules.length + first.functions.length);
    expect(findings(second)).toEqual(findings(first));
    expect(findings(first).some((f) => f.includes('replay-ok'))).toBe(true);
  });

  it('lints a changed rule again, alone', async () => {
    const dir = pack();
    const first = await lint(dir);
    const file = join(dir, 'detections/key-operations/key-import.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n  \| (where|extend|summarize|project)/, '\n  | where NoSuchColumn == 1\n  | $1'));
    const second = await lint(dir);
    expect(second.cacheHits).toBe(first.rules.length + first.functions.length - 1);
    expect(findings(second).filter((f) => f.includes('KS142'))).toEqual([
      expect.stringMatching(/^detections\/key-operations\/key-import\.yaml:\d+:\d+ error KS142 .*NoSuchColumn/),
    ]);
  });

  it('starts afresh when the linter, a workspace function or a setting changes', async () => {
    const dir = pack();
    await lint(dir);
    expect((await lintContent({ root: dir, cache: { file: '.contentlintcache', linterVersion: 'another linter' } })).cacheHits).toBe(0);
    await lint(dir);
    expect((await lint(dir, { 'kql-prefer-has': 'error' })).cacheHits).toBe(0);
    const parser = join(dir, 'detections/parsers/ManagedHsmAudit.yaml');
    writeFileSync(parser, `${readFileSync(parser, 'utf8')}# a comment, not the query\n`);
    const comment = await lint(dir, { 'kql-prefer-has': 'error' });
    expect(comment.cacheHits).toBe(comment.rules.length); // the rules bind against the same function
    writeFileSync(parser, readFileSync(parser, 'utf8').replace('SourceTable = "AzureDiagnostics"', 'SourceTable = "AzureDiagnostics "'));
    expect((await lint(dir, { 'kql-prefer-has': 'error' })).cacheHits).toBe(0);
  });

  it('ignores a damaged cache file and writes a good one', async () => {
    const dir = pack();
    writeFileSync(join(dir, '.contentlintcache'), '{ not json');
    const first = await lint(dir);
    expect(first.cacheHits).toBe(0);
    expect(first.counts.errors).toBe(0);
    expect((await lint(dir)).cacheHits).toBe(first.rules.length + first.functions.length);
  });
});
