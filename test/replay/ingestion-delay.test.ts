/**
 * Ingestion delay in replay, on the delay fixture pack (test/replay/fixtures/delay-pack) with the real KQL engine:
 * the scenario of Microsoft's "Handle ingestion delay in scheduled analytics rules". A rule running every 5m over
 * 5m misses an event ingested 2m late; the recommended rule (10m look-back, `where ingestion_time() > ago(5m)`)
 * alerts exactly once for it; without delay both alert once. The cases are data in the pack's test files.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { discoverSuite, KqlReplay, parseTestFile, runCase, simulate, type CaseResult, type SuiteEntry } from '../../src/replay/index.ts';

const root = resolve(import.meta.dirname, 'fixtures/delay-pack');
const suite = discoverSuite(root);
const env = new KqlReplay(root, suite.tables, suite.functions);
const entry = (file: string) => suite.entries.find((e) => e.ruleFile === `detections/delay/${file}.yaml`)!;

async function runAll(e: SuiteEntry): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of e.tests!.cases) {
    out.push(await runCase(c, { rule: e.rule, testFile: e.tests!.file, engine: env, data: (k) => env.caseDatabase(e.tests!.file, k) }));
  }
  return out;
}

const alertsOf = (results: CaseResult[], name: string) => results.find((r) => r.caseName === name)!.outcome!.alerts.map((a) => a.firedAt);
const failuresOf = (results: CaseResult[]) =>
  results.filter((r) => r.status !== 'pass').map((r) => `${r.caseName}: ${r.failures.map((f) => `${f.message}\n${f.diff ?? ''}`).join('\n')}`);

describe('ingestion delay in replay', () => {
  it('discovers the pack without problems', () => {
    expect(suite.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(suite.entries.map((e) => e.tests?.cases.length)).toEqual([5, 5]);
  });

  it('5m over 5m: an event ingested 2m late is never seen; on time it alerts once', async () => {
    const results = await runAll(entry('five-minute-window'));
    expect(failuresOf(results)).toEqual([]);
    expect(alertsOf(results, 'an event ingested 2m late falls between two runs')).toEqual([]);
    expect(alertsOf(results, 'an event ingested on time alerts once')).toEqual(['2026-11-20T12:05:00Z']);
  });

  it('10m look-back with ingestion_time() > ago(5m): the late event alerts exactly once, as does an on-time one', async () => {
    const results = await runAll(entry('ingestion-time-window'));
    expect(failuresOf(results)).toEqual([]);
    expect(alertsOf(results, 'an event ingested 2m late alerts exactly once, at the next run')).toEqual(['2026-11-20T12:10:00Z']);
    expect(alertsOf(results, 'an event ingested on time alerts exactly once')).toEqual(['2026-11-20T12:05:00Z']);
  });

  it('without the ingestion_time() filter the 10m look-back counts an on-time event twice', async () => {
    const e = entry('ingestion-time-window');
    const rule = { ...e.rule, query: e.rule.query.replace('| where ingestion_time() > ago(5m)', '') };
    expect(rule.query).not.toContain('ingestion_time');
    const results = await runAll({ ...e, rule });
    expect(alertsOf(results, 'an event ingested on time alerts exactly once')).toEqual(['2026-11-20T12:05:00Z', '2026-11-20T12:10:00Z']);
    expect(results.find((r) => r.caseName === 'an event ingested on time alerts exactly once')!.status).toBe('fail');
  });

  it('fails every positive case when the query is replaced by `| where false`', async () => {
    for (const name of ['five-minute-window', 'ingestion-time-window']) {
      const e = entry(name);
      const results = await runAll({ ...e, rule: { ...e.rule, query: `${e.rule.query}\n| where false` } });
      expect(results.filter((r) => r.kind === 'positive').every((r) => r.status === 'fail')).toBe(true);
      expect(results.filter((r) => r.kind === 'negative').every((r) => r.status === 'pass')).toBe(true);
    }
  });

  it('the time index gives the same alerts as a plain scan over delayed data', async () => {
    // A day of key deletions every 7 minutes, each ingested 0 to 9 minutes late (a fixed pseudo-random sequence).
    const from = Date.parse('2026-11-20T00:00:00Z');
    const rows = Array.from({ length: 200 }, (_, i) => {
      const t = from + i * 7 * 60_000;
      return { TimeGenerated: new Date(t).toISOString(), Caller: `user${i % 3}@contoso.com`, Operation: 'KeyDelete', _IngestionTime: new Date(t + ((i * 7919) % 10) * 60_000).toISOString() };
    });
    const window = { from: new Date(from), to: new Date(from + 86_400_000) };
    for (const name of ['five-minute-window', 'ingestion-time-window']) {
      const rule = entry(name).rule;
      const fired = async (db: ReturnType<typeof env.recordsDatabase>) => (await simulate(rule, env, db, window)).alerts.map((a) => a.firedAt);
      const plain = await fired(env.recordsDatabase({ HsmEvents: rows }, 'generated'));
      const indexed = await fired(env.indexByTime(env.recordsDatabase({ HsmEvents: rows }, 'generated')));
      const onTime = await fired(env.indexByTime(env.recordsDatabase({ HsmEvents: rows.map(({ _IngestionTime, ...r }) => r) }, 'generated')));
      expect(indexed).toEqual(plain);
      expect(plain.length).toBeGreaterThan(0);
      expect(plain).not.toEqual(onTime);
    }
  });

  it('reports an ingestionDelay that is not a duration at its line and column', () => {
    const text = 'cases:\n  - name: c\n    kind: positive\n    now: 2026-11-20T12:00:00Z\n    rows: {}\n    ingestionDelay: { HsmEvents: soon }\n';
    const f = parseTestFile(text, 'x.test.yaml');
    expect(f.problems.map((p) => [p.line, p.column, p.code, p.message])).toEqual([
      [6, 34, 'test-ingestion-delay', '"ingestionDelay" "soon" is not a duration such as 2m, 90s or PT5M'],
    ]);
    expect(parseTestFile(text.replace('{ HsmEvents: soon }', '90s'), 'x.test.yaml').cases[0]!.ingestionDelayMs).toBe(90_000);
  });
});

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd: root, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

describe('content replay --ingestion-delay', () => {
  const window = ['--data', 'data', '--from', '2026-11-20T12:00:00Z', '--to', '2026-11-20T12:30:00Z', '--format', 'json'];
  const firings = (stdout: string) => {
    const out = JSON.parse(stdout) as { alerts: { rule: { name: string }; firedAt: string }[] };
    return out.alerts.map((a) => `${a.rule.name} @ ${a.firedAt.slice(11, 16)}`);
  };

  it('delays the rows without _IngestionTime; the data file\'s own _IngestionTime holds either way', async () => {
    const onTime = await run('replay', ...window);
    expect(onTime.code).toBe(0);
    // 12:04 is on time; 12:14 was ingested at 12:16, after the 12:15 run, and only the recommended rule sees it.
    expect(firings(onTime.stdout)).toEqual([
      'Key deleted (5m over 5m) @ 12:05',
      'Key deleted (10m look-back, ingested in the last 5m) @ 12:05',
      'Key deleted (10m look-back, ingested in the last 5m) @ 12:20',
    ]);
    const late = await run('replay', ...window, '--ingestion-delay', '2m');
    expect(late.code).toBe(0);
    expect(firings(late.stdout)).toEqual([
      'Key deleted (10m look-back, ingested in the last 5m) @ 12:10',
      'Key deleted (10m look-back, ingested in the last 5m) @ 12:20',
    ]);
  });

  it('exits 2 on a delay that is not a duration', async () => {
    const r = await run('replay', ...window, '--ingestion-delay', 'soon');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ingestion-delay soon: not a duration such as 2m, 90s or PT5M');
  });
});
