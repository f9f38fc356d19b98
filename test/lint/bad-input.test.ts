/**
 * Bad input: each broken file gets one clear error at the right position, the other files are still linted, and
 * nothing crashes or hangs (10 MB file, binary data, alias bomb included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintContent, type LintResult } from '../../src/lint/index.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/bad-input');
let dir: string;
let result: LintResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
  cpSync(FIXTURES, dir, { recursive: true });
  const d = join(dir, 'detections');
  writeFileSync(join(d, 'binary.yaml'), Buffer.concat([Buffer.from('id: x\nname: '), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00])]));
  writeFileSync(join(d, 'latin1.yaml'), Buffer.concat([Buffer.from('id: x\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  writeFileSync(join(d, 'huge.yaml'), `id: x\ndescription: |\n${'  padding padding padding padding padding padding padding padding\n'.repeat(160_000)}`);
  result = await lintContent({ root: dir, replayability: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const of = (file: string) => result.problems.filter((p) => p.file === `detections/${file}`).map((p) => `${p.severity} ${p.code} ${p.line}:${p.column}`);

describe('each broken file gets one error at its position', () => {
  it.each([
    ['syntax.yaml', 'error yaml-syntax 2:7'], // the unclosed '[', not where the parser gave up
    ['duplicate-key.yaml', 'error yaml-duplicate-key 4:1'],
    ['tabs.yaml', 'error yaml-tab-indent 3:1'],
    ['empty.yaml', 'error file-empty 1:1'],
    ['not-mapping.yaml', 'error file-not-mapping 1:1'],
    ['multi-doc.yaml', 'error yaml-multiple-documents 2:1'],
    ['alias-bomb.yaml', 'error yaml-alias-limit 2:8'],
    ['binary.yaml', 'error file-not-text 2:7'],
    ['latin1.yaml', 'error file-not-text 2:10'],
    ['huge.yaml', 'error file-too-large 1:1'],
  ])('%s', (file, expected) => {
    expect(of(file)).toEqual([expected]);
  });
});

it('reports wrong types at the offending values', () => {
  expect(of('wrong-types.yaml')).toEqual(['error rule-enum 5:3', 'error rule-type 6:25', 'error rule-trigger-threshold 10:19']);
  const messages = result.problems.filter((p) => p.file === 'detections/wrong-types.yaml').map((p) => p.message);
  expect(messages).toContain('"requiredDataConnectors" must be a list, found "AzureKeyVault"');
});

it('still lints the valid file next to them, with its query bound', () => {
  expect(of('good.yaml')).toEqual([]);
  expect(result.rules.map((r) => r.source.file)).toContain('detections/good.yaml');
  expect(result.files).toHaveLength(12);
});

it('names the problem and what to do in duplicate-key and tab messages', () => {
  const msg = (file: string) => result.problems.find((p) => p.file === `detections/${file}`)!.message;
  expect(msg('duplicate-key.yaml')).toBe('duplicate key "name"; remove or rename one of them');
  expect(msg('tabs.yaml')).toMatch(/indent YAML with spaces/);
  expect(msg('huge.yaml')).toMatch(/over the 1\.0 MiB limit/);
});
