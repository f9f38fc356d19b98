/**
 * Every validation and lint check as data: test/fixtures/cases/<code>/ holds a failing fixture whose header lists
 * the exact findings expected (`# expect: <code> <line>:<col>`), and one or more passing fixtures that must lint
 * clean. All fixtures are linted in one run, as `content lint` would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintContent, type LintResult } from '../../src/lint/index.ts';

const ROOT = join(import.meta.dirname, '../fixtures/cases');
const caseDirs = readdirSync(ROOT).sort();

function expectations(file: string): string[] {
  return [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^# expect: (\S+) (\d+:\d+)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

let result: LintResult;
beforeAll(async () => {
  result = await lintContent({ root: ROOT, paths: ['.'], replayability: false });
});

function found(file: string): string[] {
  return result.problems.filter((p) => p.file === file && p.severity !== 'info').map((p) => `${p.code} ${p.line}:${p.column}`).sort();
}

describe.each(caseDirs)('%s', (dir) => {
  const files = readdirSync(join(ROOT, dir)).sort();
  const failing = files.filter((f) => expectations(`${dir}/${f}`).length > 0);
  const passing = files.filter((f) => f.startsWith('pass'));

  it('has a failing and a passing fixture', () => {
    expect(failing.length).toBeGreaterThan(0);
    expect(passing.length).toBeGreaterThan(0);
  });

  for (const f of failing) {
    it(`${f} reports exactly the expected findings`, () => {
      expect(found(`${dir}/${f}`)).toEqual(expectations(`${dir}/${f}`));
    });
  }
  for (const f of passing) {
    it(`${f} lints clean`, () => {
      expect(found(`${dir}/${f}`)).toEqual([]);
    });
  }
});

it('reports no findings outside the fixtures', () => {
  const files = new Set(caseDirs.flatMap((d) => readdirSync(join(ROOT, d)).map((f) => `${d}/${f}`)));
  expect(result.problems.filter((p) => !files.has(p.file))).toEqual([]);
});
