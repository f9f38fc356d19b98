/**
 * The replay harness end to end on a fixture pack (test/replay/fixtures/pack) with the real KQL engine: cases pass
 * as written, and a rule whose query is neutered with `| where false` fails every positive case.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { formatCase } from '../../src/replay/report.ts';
import { tablesReadBy } from '../../src/replay/suite-runner.ts';
import { discoverSuite, KqlReplay, runCase, simulate, type CaseResult, type SuiteEntry } from '../../src/replay/index.ts';

const root = resolve(import.meta.dirname, 'fixtures/pack');
const suite = discoverSuite(root, { schemaDirs: [resolve(root, 'schemas')] });
const env = new KqlReplay(root, suite.tables, suite.functions);

async function runAll(entry: SuiteEntry): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of entry.tests!.cases) {
    out.push(await runCase(c, { rule: entry.rule, testFile: entry.tests!.file, engine: env, data: (k) => env.caseDatabase(entry.tests!.file, k) }));
  }
  return out;
}

describe('replay harness on the fixture pack', () => {
  const entry = suite.entries.find((e) => e.ruleFile === 'detections/demo/domain-download.yaml')!;

  it('discovers the rule and its test file without problems', () => {
    expect(suite.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(entry.testFile).toBe('detections/demo/domain-download.test.yaml');
    expect(entry.tests!.cases.map((c) => c.kind)).toEqual(['positive', 'positive', 'negative', 'positive']);
  });

  it('passes every case as written', async () => {
    const results = await runAll(entry);
    const failures = results.filter((r) => r.status !== 'pass').map((r) => `${r.caseName}: ${r.failures.map((f) => `${f.message}\n${f.diff ?? ''}`).join('\n')}`);
    expect(failures).toEqual([]);
    const scheduled = results[3]!.outcome!;
    expect(scheduled.runs).toBe(24);
    expect(scheduled.incidents.map((i) => i.alerts)).toEqual([[0, 1], [2], [3]]);
  });

  it('fails every positive case when the query is replaced by `| where false`', async () => {
    const neutered = { ...entry, rule: { ...entry.rule, query: `${entry.rule.query}\n| where false` } };
    const results = await runAll(neutered);
    expect(results.filter((r) => r.kind === 'positive').map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
    expect(results.filter((r) => r.kind === 'negative').map((r) => r.status)).toEqual(['pass']);
    expect(results[0]!.failures[0]!.message).toBe('expected 1 alert(s), got 0');
  });

  it('fails a positive case whose mapped entity column is empty (policy)', async () => {
    const c = { ...entry.tests!.cases[1]!, expect: {} };
    c.rows = { DemoEvents: [{ TimeGenerated: '2026-11-20T11:10:00Z', User: 'a@contoso.com', Ip: '', Operation: 'SecurityDomainDownload', Hsm: 'h' }] };
    const r = await runCase(c, { rule: entry.rule, testFile: 'x', engine: env, data: (k) => env.caseDatabase(entry.tests!.file, k) });
    expect(r.status).toBe('fail');
    expect(r.failures.map((f) => f.message)).toEqual(['policy: entity IP.Address: column Ip is empty in result row 1']);
  });

  it('fails a positive case whose alert name placeholder names a column the query does not produce (policy)', async () => {
    const rule = { ...entry.rule, alertDetailsOverride: { ...entry.rule.alertDetailsOverride, alertDisplayNameFormat: 'Download by {{Caller}}' } };
    const c = { ...entry.tests!.cases[0]!, expect: {} };
    const r = await runCase(c, { rule, testFile: 'x', engine: env, data: (k) => env.caseDatabase(entry.tests!.file, k) });
    expect(r.failures.map((f) => f.message)).toEqual(['policy: alertDisplayNameFormat: placeholder {{Caller}} names a column the query does not produce']);
  });

  it('reports a missing data file as a case error naming the test file and line', async () => {
    const c = { ...entry.tests!.cases[0]!, data: [{ file: 'data/Nope.jsonl' }] };
    const r = await runCase(c, { rule: entry.rule, testFile: entry.tests!.file, engine: env, data: (k) => env.caseDatabase(entry.tests!.file, k) });
    expect(r.status).toBe('error');
    expect(r.failures[0]!.message).toContain('detections/demo/domain-download.test.yaml:3: data file data/Nope.jsonl not found');
  });

  it('gives the same timeline with the time index as with full scans', async () => {
    const c = entry.tests!.cases[3]!;
    const plain = env.caseDatabase(entry.tests!.file, c);
    const indexed = env.indexByTime(env.caseDatabase(entry.tests!.file, c));
    const opts = { from: new Date('2026-11-19T22:00:00Z'), to: new Date('2026-11-20T12:00:00Z') };
    const rule = { ...entry.rule, queryFrequencyMs: 5 * 60_000, queryPeriodMs: 2 * 3_600_000 };
    const a = await simulate(rule, env, plain, opts);
    const b = await simulate(rule, env, indexed, opts);
    expect(b).toEqual(a);
    expect(a.alerts.length).toBeGreaterThan(20);
  });

  it('sees a row stamped exactly at a run time in the next run only (half-open windows)', async () => {
    const c = { ...entry.tests!.cases[1]!, data: [], rows: { DemoEvents: [{ TimeGenerated: '2026-11-20T02:00:00Z', User: 'a@contoso.com', Ip: '192.0.2.1', Operation: 'SecurityDomainDownload', Hsm: 'h' }] } };
    for (const db of [env.caseDatabase(entry.tests!.file, c), env.indexByTime(env.caseDatabase(entry.tests!.file, c))]) {
      const t = await simulate(entry.rule, env, db, { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-20T05:00:00Z') });
      expect(t.alerts.map((a) => a.firedAt)).toEqual(['2026-11-20T03:00:00Z']);
    }
  });
});

describe('explaining a wrong verdict with row counts after each step', () => {
  const entry = suite.entries.find((e) => e.ruleFile === 'detections/demo/domain-download.yaml')!;
  const run = (rule: typeof entry.rule, c: NonNullable<typeof entry.tests>['cases'][number]) =>
    runCase(c, { rule, testFile: entry.tests!.file, engine: env, data: (k) => env.caseDatabase(entry.tests!.file, k) });

  it('shows the step that dropped the last row of a positive case', async () => {
    const rule = { ...entry.rule, query: entry.rule.query.replace('"SecurityDomainDownload"', '"SecurityDomainUpload"') };
    const r = await run(rule, entry.tests!.cases[0]!);
    expect(r.status).toBe('fail');
    const lines = r.explanation!.table.split('\n');
    const now = entry.tests!.cases[0]!.now!;
    const start = new Date(now.getTime() - entry.rule.queryPeriodMs);
    expect(r.explanation!.heading).toBe(`rows after each step of the query, window ${start.toISOString()} to ${now.toISOString()} (queryPeriod 1 h before now):`);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^ *[1-9]\d*  DemoEvents$/);
    expect(lines[1]).toMatch(/^ *0  \| where Operation == "SecurityDomainUpload"   <- no rows left after this step$/);
    expect(lines.slice(2).every((l) => /^ *0  \| /.test(l))).toBe(true);
    // The rows that step dropped, by the column it reads (and when they happened).
    const [dropped, ...rows] = r.explanation!.nearest!;
    expect(dropped).toBe('rows dropped by | where Operation == "SecurityDomainUpload":');
    expect(rows[0]).toMatch(/^  TimeGenerated="2026-11-20T\S+", Operation="SecurityDomainDownload"$/);
  });

  it('says where the data lies when the window holds none of it, and the failures come after the explanation', async () => {
    const c = entry.tests!.cases[0]!;
    const late = { ...c, now: new Date(c.now!.getTime() + 5 * 3_600_000) };
    const r = await run(entry.rule, late);
    expect(r.status).toBe('fail');
    expect(r.explanation!.table.split('\n')[0]).toMatch(/^ *0  DemoEvents   <- no rows in the window$/);
    expect(r.explanation!.nearest![0]).toMatch(/^\d+ row\(s\) before the window, the latest at 2026-11-20T\S+ \(\d+ h( \d+ min)? before its start\)$/);
    expect(r.explanation!.nearest).toContain('is the case\'s now: too late, or the queryPeriod too short for the data?');
    // With no alert, the count failure says it all: no field-by-field diff against nothing.
    expect(r.failures.map((f) => f.message)).toEqual(['expected 1 alert(s), got 0', 'expected 1 query result row(s), got 0']);
    const text = formatCase(r, pc.createColors(false));
    expect(text.indexOf('rows after each step')).toBeLessThan(text.indexOf('fail: expected 1 alert(s), got 0'));
  });

  it('shows what let rows through when a negative case alerts', async () => {
    const negative = entry.tests!.cases.find((c) => c.kind === 'negative')!;
    const rule = { ...entry.rule, query: entry.rule.query.replace('| where Operation == "SecurityDomainDownload"\n', '| where isnotempty(Operation)\n') };
    const r = await run(rule, negative);
    expect(r.status).toBe('fail');
    expect(r.explanation!.table).toMatch(/\| where isnotempty\(Operation\)\n/);
    expect(r.explanation!.table).not.toContain('<-');
  });

  it('explains a scheduled case as one run over the whole schedule', async () => {
    const scheduled = entry.tests!.cases.find((c) => c.schedule)!;
    const rule = { ...entry.rule, query: entry.rule.query.replace('"SecurityDomainDownload"', '"SecurityDomainUpload"') };
    const r = await run(rule, scheduled);
    expect(r.status).toBe('fail');
    expect(r.explanation!.heading).toBe(`rows after each step of the query, run once over the whole schedule (${scheduled.schedule!.from.toISOString()} to ${scheduled.schedule!.to.toISOString()}):`);
    expect(r.explanation!.table.split('\n')[1]).toMatch(/^ *0  \| where Operation == "SecurityDomainUpload"   <- no rows left after this step$/);
  });

  it('fails a negative case whose window holds none of the rows the rule reads: it tests nothing', async () => {
    const negative = entry.tests!.cases.find((c) => c.kind === 'negative' && c.now)!;
    const ctx = { rule: entry.rule, testFile: entry.tests!.file, engine: env, tablesRead: tablesReadBy(suite), data: (k: typeof negative) => env.caseDatabase(entry.tests!.file, k) };
    expect((await runCase(negative, ctx)).status).toBe('pass');
    const elsewhere = { ...negative, now: new Date(negative.now!.getTime() + 30 * 86_400_000) };
    const r = await runCase(elsewhere, ctx);
    expect(r.status).toBe('fail');
    expect(r.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(/^negative case tests nothing: the tables the rule reads \(DemoEvents\) have no rows from \S+ to \S+; check the case's now:/),
    ]);
  });

  it('explains nothing when the case passes', async () => {
    const r = await run(entry.rule, entry.tests!.cases[0]!);
    expect(r.status).toBe('pass');
    expect(r.explanation).toBeUndefined();
  });
});
