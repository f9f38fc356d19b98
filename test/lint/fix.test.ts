/**
 * `content lint --fix` and `--fix-dry-run`: exact fixes written into the YAML files byte for byte, only where the
 * query text is written literally; what stays, what a dry run prints, idempotence, write failures. Each test works
 * on a fresh copy of test/fixtures/fix/.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { buildGlobals, type KustoGlobals } from '../../src/kql/schema.ts';
import { loadSchemaSet } from '../../src/content/index.ts';
import { fixContent, lintContent, lintQuery, planFileFixes, type LintProblem, type ProblemFix } from '../../src/lint/index.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/fix');
const BLOCK = 'detections/block-scalar.yaml';
const QUOTED = 'detections/quoted-scalar.yaml';
const FUNCTION = 'detections/parsers/FailedCalls.yaml';
const WORKBOOK = 'workbooks/failed-calls.yaml';
const TWO_PASSES = 'detections/two-passes.yaml';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-fix-'));
  dirs.push(dir);
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

/** Every file under a directory with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  visit(dir);
  return out;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const original = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd, env: {}, isTTY: false };
  const code = await main(['lint', '--no-replay', ...args], io);
  return { code, out, err };
}

interface JsonProblem { file: string; line: number; column: number; code: string; fixable?: boolean; fix?: { line: number; column: number; endLine: number; endColumn: number; text: string } }
async function jsonProblems(dir: string): Promise<JsonProblem[]> {
  const r = await run(['--format', 'json'], dir);
  return JSON.parse(r.out).problems;
}
const where = (ps: JsonProblem[], file: string) => ps.filter((p) => p.file === file).map((p) => `${p.code} ${p.line}:${p.column}${p.fixable ? ' fixable' : ''}`);

/** The block-scalar fixture's query lines as --fix must leave them: every other byte of the file stays. */
const BLOCK_FIXED: [string, string][] = [
  ['| where ResultSignature in~ ("403", "404")   // forbidden or not found', '| where ResultSignature in ("403", "404")   // forbidden or not found'],
  ['| where  tolower(ResultType) == "failure" or toupper(ResultType) !in ("ERROR", "DENY")', '| where  ResultType =~ "failure" or ResultType !in~ ("ERROR", "DENY")'],
  ['| where httpStatusCode_d != 200 or ResultSignature =~ "500" or tolower(ResultSignature) == "401"', '| where httpStatusCode_d != 200 or ResultSignature == "500" or ResultSignature == "401"'],
];
function expectedBlock(text: string): string {
  let out = text;
  for (const [from, to] of BLOCK_FIXED) {
    expect(out).toContain(from);
    out = out.replace(from, to);
  }
  return out;
}

describe('content lint --fix', () => {
  it('rewrites every fixable finding in a block scalar and leaves every other byte as it was', async () => {
    const dir = copyFixtures();
    const r = await run(['--fix'], dir);
    expect(r.err).toMatch(/applied 10 fixes in 5 files/);
    expect(read(dir, BLOCK)).toBe(expectedBlock(original(BLOCK)));
    expect(read(dir, FUNCTION)).toBe(original(FUNCTION).replace('ResultSignature !~ "200"', 'ResultSignature != "200"'));
    expect(read(dir, WORKBOOK)).toBe(original(WORKBOOK).replace('in~ ("403", "404")', 'in ("403", "404")'));
  });

  it('reports what is left: the fixed codes are gone, findings without an exact fix stay', async () => {
    const dir = copyFixtures();
    const before = await jsonProblems(dir);
    expect(where(before, BLOCK)).toEqual([
      'kql-unneeded-case-insensitive 23:27 fixable',
      'kql-tolower-comparison 24:12 fixable',
      'kql-tolower-comparison 24:48 fixable',
      'kql-unneeded-case-insensitive 25:54 fixable',
      'kql-tolower-comparison 25:66 fixable',
      // "keydelete": tolower() maps the Kelvin sign to k, =~ folds ASCII only, so the rewrite would not be exact
      'kql-tolower-comparison 26:11',
      'kql-prefer-has 26:66',
    ]);
    const r = await run(['--fix'], dir);
    expect(r.out).toMatch(/3 problems \(0 errors, 3 warnings\)/);
    expect(r.out).not.toMatch(/fixable with --fix/);
    const after = await jsonProblems(dir);
    expect(where(after, BLOCK)).toEqual(['kql-tolower-comparison 26:11', 'kql-prefer-has 26:66']);
    expect(where(after, FUNCTION)).toEqual([]);
    expect(where(after, WORKBOOK)).toEqual([]);
  });

  it('fixes what a quoted scalar writes literally and leaves a fix whose text holds escapes', async () => {
    const dir = copyFixtures();
    expect(where(await jsonProblems(dir), QUOTED)).toEqual([
      'kql-unneeded-case-insensitive 16:51 fixable',
      'kql-tolower-comparison 16:74', // tolower(strcat(ResultType, \"\")) ==: escaped quotes inside the span
    ]);
    await run(['--fix'], dir);
    expect(read(dir, QUOTED)).toBe(original(QUOTED).replace('in~ (\\"403\\")', 'in (\\"403\\")'));
    expect(where(await jsonProblems(dir), QUOTED)).toEqual(['kql-tolower-comparison 16:73']);
  });

  it('lints again after writing, so a fix that another makes possible is applied in the next pass', async () => {
    const dir = copyFixtures();
    expect(where(await jsonProblems(dir), TWO_PASSES)).toEqual(['kql-unneeded-case-insensitive 18:36 fixable']);
    await run(['--fix'], dir);
    expect(read(dir, TWO_PASSES)).toBe(original(TWO_PASSES).replace('tolower(ResultSignature) =~ "401"', 'ResultSignature == "401"'));
    expect(where(await jsonProblems(dir), TWO_PASSES)).toEqual([]);
  });

  it('keeps CRLF line endings, a byte-order mark and a missing final newline', async () => {
    const dir = copyFixtures();
    const crlf = `\ufeff${original(BLOCK).replace(/\n/g, '\r\n').replace(/\r\n$/, '')}`;
    writeFileSync(join(dir, BLOCK), crlf);
    await run(['--fix'], dir);
    expect(read(dir, BLOCK)).toBe(expectedBlock(crlf));
  });

  it('is idempotent: a second --fix changes nothing', async () => {
    const dir = copyFixtures();
    await run(['--fix'], dir);
    const once = snapshot(dir);
    const r = await run(['--fix'], dir);
    expect(r.err).toMatch(/applied 0 fixes in 0 files/);
    expect(snapshot(dir)).toEqual(once);
  });

  it('exits by what is left, as a plain lint does', async () => {
    const dir = copyFixtures();
    expect((await run(['--fix', '--max-warnings', '0'], dir)).code).toBe(1);
    expect((await run(['--fix', '--rule', 'kql-prefer-has=off', '--rule', 'kql-tolower-comparison=off', '--max-warnings', '0'], dir)).code).toBe(0);
  });
});

describe('content lint --fix-dry-run', () => {
  it('prints a unified diff of the changes and writes nothing', async () => {
    const dir = copyFixtures();
    const before = snapshot(dir);
    const r = await run(['--fix-dry-run'], dir);
    expect(snapshot(dir)).toEqual(before);
    expect(r.out).toContain(`--- a/${BLOCK}\n+++ b/${BLOCK}\n`);
    for (const [from, to] of BLOCK_FIXED) {
      expect(r.out).toContain(`\n-  ${from}\n`);
      expect(r.out).toContain(`\n+  ${to}\n`);
    }
    expect(r.out).toContain(`--- a/${WORKBOOK}`);
    expect(r.out).toMatch(/9 problems fixable with --fix/);
    expect(r.err).toMatch(/9 fixes in 5 files would be applied; nothing was written/);
  });

  it('keeps a JSON report on stdout parseable (the diff goes to stderr)', async () => {
    const dir = copyFixtures();
    const r = await run(['--fix-dry-run', '--format', 'json'], dir);
    expect(JSON.parse(r.out).problems.filter((p: JsonProblem) => p.fixable)).toHaveLength(9);
    expect(r.err).toContain(`--- a/${FUNCTION}`);
  });

  it('cannot be combined with --fix', async () => {
    const r = await run(['--fix', '--fix-dry-run'], copyFixtures());
    expect(r.code).toBe(2);
  });
});

describe('reports mark fixable findings', () => {
  it('JSON: fixable and the replacement in file coordinates', async () => {
    const dir = copyFixtures();
    const fn = (await jsonProblems(dir)).find((p) => p.file === FUNCTION)!;
    expect(fn).toMatchObject({ code: 'kql-unneeded-case-insensitive', fixable: true, fix: { line: 12, column: 61, endLine: 12, endColumn: 63, text: '!=' } });
    expect(read(dir, FUNCTION).split('\n')[11].slice(60, 62)).toBe('!~');
  });

  it('SARIF: fixes with artifactChanges that turn the file into what --fix writes', async () => {
    const dir = copyFixtures();
    const sarif = JSON.parse((await run(['--format', 'sarif'], dir)).out);
    const results = sarif.runs[0].results.filter((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.locations[0].physicalLocation.artifactLocation.uri === FUNCTION);
    expect(results).toHaveLength(1);
    const [change] = results[0].fixes[0].artifactChanges;
    expect(change.artifactLocation).toEqual({ uri: FUNCTION, uriBaseId: '%SRCROOT%' });
    const [replacement] = change.replacements;
    const lines = read(dir, FUNCTION).split('\n');
    const { startLine, startColumn, endLine, endColumn } = replacement.deletedRegion;
    expect(endLine).toBe(startLine);
    const line = lines[startLine - 1];
    lines[startLine - 1] = line.slice(0, startColumn - 1) + replacement.insertedContent.text + line.slice(endColumn - 1);
    await run(['--fix'], dir);
    expect(read(dir, FUNCTION)).toBe(lines.join('\n'));
    // A finding without a fix has none.
    const prefer = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'kql-prefer-has');
    expect(prefer.fixes).toBeUndefined();
  });

  it('human: the summary counts the fixable problems', async () => {
    const r = await run([], copyFixtures());
    expect(r.out).toMatch(/✖ 12 problems \(0 errors, 12 warnings\) in 5 files\n {2}9 problems fixable with --fix/);
  });
});

describe('bad input', () => {
  it('a write failure is a finding on that file; the other files are still fixed', async () => {
    const dir = copyFixtures();
    const lint = () => lintContent({ root: dir, replayability: false });
    const outcome = await fixContent({
      root: dir, lint,
      writeFile: (path, text) => {
        if (path.endsWith('block-scalar.yaml')) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
        writeFileSync(path, text);
      },
    });
    expect(read(dir, BLOCK)).toBe(original(BLOCK));
    expect(read(dir, FUNCTION)).not.toBe(original(FUNCTION));
    const failure = outcome.result.problems.find((p) => p.code === 'fix-write-failed');
    expect(failure).toMatchObject({ file: BLOCK, line: 1, column: 1, severity: 'error' });
    expect(failure!.message).toMatch(/EACCES/);
    expect(outcome.result.counts.errors).toBe(1);
    expect(outcome.changes.map((c) => c.file)).toEqual([FUNCTION, QUOTED, TWO_PASSES]);
  });

  it.each([
    ['a file that does not parse is never written', ['FunctionName: FailedCalls', 'FunctionName: [FailedCalls'], /does not parse/],
    ['a fix whose values the file does not hold as written is skipped (a workbook stand-in, an edited file)', ['!~ "200"', '!~ "2OO"'], /values the fix depends on/],
  ] as const)('%s', async (_name, [from, to], reason) => {
    const dir = copyFixtures();
    const fixes = await fixesOf(dir, FUNCTION);
    const edited = read(dir, FUNCTION).replace(from, to);
    const plan = planFileFixes(edited, FUNCTION, fixes);
    expect(plan.applied).toEqual([]);
    expect(plan.text).toBe(edited);
    expect(plan.skipped[0].reason).toMatch(reason);
  });

  it('an edit that would change how YAML reads the scalar is not written', () => {
    // A plain scalar: inserting " #" would start a comment and cut the query short.
    const text = 'id: x\nquery: T | where a =~ "1" | take 1\n';
    const column = 'query: T | where a '.length + 1;
    const fix: ProblemFix = { line: 2, column, endLine: 2, endColumn: column + 2, original: '=~', text: ' #', requires: [] };
    const plan = planFileFixes(text, 'x.yaml', [fix]);
    expect(plan.applied).toEqual([]);
    expect(plan.text).toBe(text);
    const ok = planFileFixes(text, 'x.yaml', [{ ...fix, text: '==' }]);
    expect(ok.text).toBe('id: x\nquery: T | where a == "1" | take 1\n');
  });
});

describe('planFileFixes', () => {
  const text = 'id: x\nquery: T | where a =~ "1" and b =~ "2"\n';
  const at = (op: string, from: number, replacement: string, length = 2): ProblemFix => {
    const column = text.split('\n')[1].indexOf(op, from) + 1;
    return { line: 2, column, endLine: 2, endColumn: column + length, original: text.split('\n')[1].slice(column - 1, column - 1 + length), text: replacement, requires: [] };
  };
  const first = at('=~', 0, '==');
  const second = at('=~', 30, '==');

  it('applies the fixes of one file from the end backwards, each at its own place', () => {
    expect(planFileFixes(text, 'x.yaml', [first, second]).text).toBe('id: x\nquery: T | where a == "1" and b == "2"\n');
  });

  it('applies the same edit found twice once, and counts both findings fixed', () => {
    const plan = planFileFixes(text, 'x.yaml', [first, { ...first }]);
    expect(plan.text).toBe('id: x\nquery: T | where a == "1" and b =~ "2"\n');
    expect(plan.applied).toHaveLength(2);
  });

  it('leaves an overlapping fix for the next pass', () => {
    const wider = at('a =~', 0, 'a ==', 4);
    const plan = planFileFixes(text, 'x.yaml', [first, wider]);
    expect(plan.applied).toEqual([wider]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['overlaps another fix (applied in a later pass)']);
  });

  it.each([
    ['a folded scalar', 'query: >\n  T | where a =~ "1"\n  | take 1\n', true],
    ['a single-quoted scalar', "query: 'T | where a =~ \"1\"'\n", true],
    ['a span across a line break in a block scalar', 'query: |\n  T | where a =~\n  "1"\n', false],
  ])('%s: applied only where the text is written as is', (_name, yaml, applies) => {
    const lines = yaml.split('\n');
    const line = lines.findIndex((l) => l.includes('=~')) + 1;
    const column = lines[line - 1].indexOf('=~') + 1;
    const multiLine = !applies;
    const fix: ProblemFix = multiLine
      ? { line, column, endLine: line + 1, endColumn: 3, original: '=~\n', text: '== ', requires: [] }
      : { line, column, endLine: line, endColumn: column + 2, original: '=~', text: '==', requires: [] };
    const plan = planFileFixes(yaml, 'x.yaml', [fix]);
    expect(plan.text).toBe(applies ? yaml.replace('=~', '==') : yaml);
  });

  it('keeps the edits that read back right when another one does not', () => {
    const plan = planFileFixes(text, 'x.yaml', [{ ...first, text: ' #' }, second]);
    expect(plan.text).toBe('id: x\nquery: T | where a =~ "1" and b == "2"\n');
    expect(plan.applied).toEqual([second]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['the edited file would not read back as the fixed query']);
  });
});

async function fixesOf(dir: string, file: string): Promise<ProblemFix[]> {
  const result = await lintContent({ root: dir, paths: [file], replayability: false });
  const fixes = result.problems.filter((p: LintProblem) => p.fix).map((p) => p.fix!);
  expect(fixes.length).toBeGreaterThan(0);
  return fixes;
}

describe('which findings get a fix', () => {
  let globals: KustoGlobals;
  beforeAll(() => {
    const s = loadSchemaSet();
    globals = buildGlobals(s.tables, s.functions);
  });

  /** The query with its findings' fixes applied (from the end), or undefined when none has a fix. */
  function fixed(where: string, code: string): string | undefined {
    const query = `AzureDiagnostics\n| where ${where}`;
    const problems = lintQuery(query, globals).problems.filter((p) => p.code === code);
    expect(problems.length, `${code} in ${where}`).toBeGreaterThan(0);
    const fixes = problems.flatMap((p) => (p.fix ? [p.fix] : []));
    if (!fixes.length) return undefined;
    const lines = query.split('\n');
    for (const f of fixes.sort((a, b) => b.column - a.column)) {
      expect(f.line).toBe(2);
      lines[1] = lines[1].slice(0, f.column - 1) + f.text + lines[1].slice(f.endColumn - 1);
    }
    return lines[1].slice('| where '.length);
  }

  const UNNEEDED = 'kql-unneeded-case-insensitive';
  const TOLOWER = 'kql-tolower-comparison';
  it.each([
    [UNNEEDED, 'ResultSignature =~ "500"', 'ResultSignature == "500"'],
    [UNNEEDED, 'ResultSignature !~ "500"', 'ResultSignature != "500"'],
    [UNNEEDED, 'ResultSignature in~ ("403", "404")', 'ResultSignature in ("403", "404")'],
    [UNNEEDED, 'ResultSignature !in~ ("403", "-")', 'ResultSignature !in ("403", "-")'],
    [UNNEEDED, 'todynamic(ResultSignature) =~ "500"', undefined], // not a string: compared under other rules
    [TOLOWER, 'tolower(ResultType) == "failure"', 'ResultType =~ "failure"'],
    [TOLOWER, 'tolower(ResultType) != "failure"', 'ResultType !~ "failure"'],
    [TOLOWER, 'tolower(ResultType) in ("failure", "success")', 'ResultType in~ ("failure", "success")'],
    [TOLOWER, 'tolower(ResultType) !in ("failure", "success")', 'ResultType !in~ ("failure", "success")'],
    [TOLOWER, '"failure" == tolower(ResultType)', '"failure" =~ ResultType'],
    [TOLOWER, '(tolower(ResultType)) == "failure"', '(ResultType) =~ "failure"'],
    [TOLOWER, 'toupper(ResultType) == "FAILURE"', 'ResultType =~ "FAILURE"'],
    [TOLOWER, 'tolower(ResultSignature) == "401"', 'ResultSignature == "401"'],
    [TOLOWER, 'tolower(ResultSignature) in ("401", "403")', 'ResultSignature in ("401", "403")'],
    [TOLOWER, 'tolower(tostring(ResultType)) == "failure"', 'tostring(ResultType) =~ "failure"'],
  ])('%s: %s -> %s', (code, query, expected) => {
    expect(fixed(query, code)).toBe(expected);
  });

  it.each([
    ['tolower(ResultType) == "Failure"', 'an upper-case letter: never equal before, equal after'],
    ['toupper(ResultType) == "failure"', 'a lower-case letter for toupper'],
    ['tolower(OperationName) == "keydelete"', 'k: tolower maps the Kelvin sign to it, =~ does not'],
    ['toupper(ResultType) == "SUCCESS"', 'S: toupper maps the long s to it, =~ does not'],
    ['tolower(ResultType) == "échec"', 'non-ASCII: =~ compares it case-sensitively'],
    ['tolower(ResultType) has "failure"', 'has: term boundaries, no exact rewrite'],
    ['tolower(ResultType) in ("failure", ResultSignature)', 'a value that is not a literal'],
    ['tolower(ResultType) == tolower(ResultSignature)', 'no literal at all'],
    ['tolower(todynamic(ResultType)) == "failure"', 'a dynamic argument'],
    ['tolower(ResultType // why\n) == "failure"', 'a comment inside the call would be dropped'],
  ])('kql-tolower-comparison: no fix for %s (%s)', (query) => {
    const q = `AzureDiagnostics\n| where ${query}`;
    const problems = lintQuery(q, globals).problems.filter((p) => p.code === 'kql-tolower-comparison');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((p) => p.fix)).toEqual([]);
  });

  it('kql-prefer-has changes meaning: never a fix', () => {
    const problems = lintQuery('AzureDiagnostics\n| where OperationName contains "Purge"', globals).problems;
    expect(problems.map((p) => p.code)).toEqual(['kql-prefer-has']);
    expect(problems[0].fix).toBeUndefined();
  });
});
