/**
 * Replays every KQL step of the workbooks on the sample data with the local engine: no error, the columns each
 * visualization reads, and rows where the scenario holds the activity the step shows. Scenario files hold every
 * Managed HSM event twice (AzureDiagnostics and AZKVAuditLogs shapes), so each scenario runs once per shape.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BASELINE_PRACTICES } from '../../src/coverage/practices.ts';
import { createDatabase, createEngine, readTableFile, tableNameOfFile, type Database, type Engine } from '../../src/kql/index.ts';
import {
  dataTimeRange, loadWorkbooks, projectBindingContext, runWorkbook, type BindingContext, type CompiledWorkbook,
  type WorkbookRun,
} from '../../src/workbooks/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIOS = join(ROOT, 'samples/scenarios');
const SHAPES = ['AzureDiagnostics', 'AZKVAuditLogs'] as const;
const scenarioNames = readdirSync(SCENARIOS).sort();

let ctx: BindingContext;
let engine: Engine;
let workbooks: Map<string, CompiledWorkbook>;
const databases = new Map<string, Database>();
let timeRange: { start: Date; end: Date };

/** The tables of a directory's data files, leaving out the other Managed HSM shape. */
function database(dirs: string[], shape?: (typeof SHAPES)[number]): Database {
  const byName = new Map(ctx.tables.map((t) => [t.name, t]));
  const records = ctx.tables.map((schema) => ({ schema, rows: [] as Record<string, unknown>[] }));
  for (const dir of dirs) {
    for (const entry of readdirSync(dir).sort()) {
      if (!entry.endsWith('.jsonl')) continue;
      const table = tableNameOfFile(entry);
      if (shape && SHAPES.includes(table as never) && table !== shape) continue;
      records.push(readTableFile(join(dir, entry), byName.get(table)!));
    }
  }
  return createDatabase(records);
}

const key = (scenario: string, shape: string) => `${scenario}/${shape}`;

beforeAll(() => {
  ctx = projectBindingContext(ROOT);
  engine = createEngine({ tables: ctx.tables, functions: ctx.functions });
  const loaded = loadWorkbooks(join(ROOT, 'workbooks'), { contentRoot: ROOT });
  expect(loaded.problems).toEqual([]);
  workbooks = new Map(loaded.workbooks.map((w) => [w.source.key, w]));
  // One time range over all samples: the same query text for every scenario, so plans are cached across them.
  let start = Infinity;
  let end = -Infinity;
  for (const s of scenarioNames) {
    for (const shape of SHAPES) {
      const db = database([join(SCENARIOS, s)], shape);
      databases.set(key(s, shape), db);
      const r = dataTimeRange(engine, db);
      if (r) { start = Math.min(start, r.start.getTime()); end = Math.max(end, r.end.getTime()); }
    }
  }
  timeRange = { start: new Date(start), end: new Date(end) };
}, 300_000);

function rows(run: WorkbookRun, step: string): Record<string, unknown>[] {
  const r = run.steps.get(step);
  expect(r, `no step ${step}`).toBeDefined();
  expect(r!.error, `${step}: ${r!.error?.message}`).toBeUndefined();
  const cols = r!.result!.columns.map((c) => c.name);
  return r!.result!.rows.map((row) => Object.fromEntries(cols.map((c, i) => [c, row[i]])));
}

function expectClean(run: WorkbookRun): void {
  const failures = run.runs
    .filter((r) => r.error || r.missingColumns.length)
    .map((r) => `${r.query.label}: ${r.error ? `${r.error.code} ${r.error.message} at ${r.error.position.line}:${r.error.position.column}` : `missing columns ${r.missingColumns.join(', ')}`}`);
  expect(failures).toEqual([]);
}

/** Where each overview step must show rows: the scenario holding the activity it is about. */
const OVERVIEW_ROWS: Record<string, string[]> = {
  'summary-tiles': scenarioNames,
  'activity-by-category': scenarioNames,
  'operations-by-category': scenarioNames,
  'failures-over-time': ['failed-access'],
  'top-failing-callers': ['failed-access'],
  'top-failing-addresses': ['failed-access'],
  'security-domain': ['security-domain'],
  'role-changes': ['privileged-access'],
  'key-lifecycle': ['key-operations'],
  'key-lifecycle-chart': ['key-operations'],
  'backup-restore': ['backup-recovery'],
  'callers-by-identity-type': scenarioNames,
  'network-access': ['network'],
  'public-addresses': ['network'],
};

describe('security overview workbook on the scenario samples', () => {
  // One run per scenario and shape (with the default parameters), shared by the tests below.
  const runs = new Map<string, WorkbookRun>();
  const runOn = (scenario: string, shape: (typeof SHAPES)[number] = 'AzureDiagnostics'): WorkbookRun => {
    const k = key(scenario, shape);
    if (!runs.has(k)) runs.set(k, runWorkbook(workbooks.get('managed-hsm-security-overview')!, { engine, database: databases.get(k)!, timeRange }));
    return runs.get(k)!;
  };

  for (const scenario of scenarioNames) {
    for (const shape of SHAPES) {
      it(`${scenario} (${shape}): every query runs, returns its columns, and shows the scenario's activity`, () => {
        const run = runOn(scenario, shape);
        expectClean(run);
        expect([...run.steps.keys()].sort()).toEqual(Object.keys(OVERVIEW_ROWS).sort());
        for (const [step, where] of Object.entries(OVERVIEW_ROWS)) {
          if (where.includes(scenario)) expect(rows(run, step).length, `${step} on ${scenario}`).toBeGreaterThan(0);
        }
        expect(rows({ ...run, steps: run.parameters }, 'Hsm').length).toBeGreaterThan(0);
      });
    }
  }


  it('shows the same rows whichever table the diagnostic setting writes to (AzureDiagnostics or AZKVAuditLogs)', () => {
    const differences: string[] = [];
    for (const scenario of scenarioNames) {
      const [a, b] = SHAPES.map((shape) => runOn(scenario, shape));
      for (const [id, ra] of a.steps) {
        if (JSON.stringify(ra.result?.rows) !== JSON.stringify(b.steps.get(id)?.result?.rows)) differences.push(`${scenario}: ${id}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('shows the attacker downloading the security domain', () => {
    const sd = rows(runOn('security-domain'), 'security-domain');
    expect(sd).toContainEqual(expect.objectContaining({ Operation: 'SecurityDomainDownload', Caller: 'dave.ops@contoso.com', CallerIpAddress: '203.0.113.66' }));
  });

  it('leaves the expected Authentication 401 challenges out of the failures', () => {
    const run = runOn('failed-access');
    const callers = rows(run, 'top-failing-callers');
    expect(callers[0]).toMatchObject({ Caller: 'dave.ops@contoso.com' });
    expect(callers.every((c) => !String(c.Operations).split(', ').every((o) => o === 'Authentication'))).toBe(true);
    const tiles = Object.fromEntries(rows(run, 'summary-tiles').map((r) => [r.Metric, r.Value]));
    expect(Number(tiles.Failures)).toBeLessThan(Number(tiles.Events));
  });

  it('shows key deletions and releases, and role changes but not role reads', () => {
    const ops = new Set(rows(runOn('key-operations'), 'key-lifecycle').map((r) => r.Operation));
    expect(ops.has('KeyDelete')).toBe(true);
    expect(ops.has('KeyRelease')).toBe(true);
    const roleOps = new Set(rows(runOn('privileged-access', 'AZKVAuditLogs'), 'role-changes').map((r) => r.Operation));
    expect([...roleOps].every((o) => !String(o).endsWith('Read'))).toBe(true);
    expect(roleOps.has('RoleAssignmentCreate')).toBe(true);
  });

  it('names the built-in roles of role changes instead of their definition GUIDs', () => {
    const changes = rows(runOn('privileged-access', 'AZKVAuditLogs'), 'role-changes');
    const roles = changes.map((r) => String(r.Role));
    expect(roles).toContain('Managed HSM Administrator');
    expect(roles.every((r) => r === '' || r.startsWith('Managed HSM ') || /^custom role [0-9a-f-]{36}$/.test(r))).toBe(true);
  });

  it('lists only full backups and restores (and key restores from them) under "Full backups and restores"', () => {
    const ops = new Set(rows(runOn('backup-recovery'), 'backup-restore').map((r) => String(r.Operation)));
    expect(ops.has('BackupCreate')).toBe(true);
    for (const op of ops) expect(['BackupCreate', 'RestoreCreate', 'SelectiveKeyRestore'], op).toContain(op);
  });

  it('counts failures one way in every tile, chart and table', () => {
    const run = runOn('failed-access');
    const tiles = Object.fromEntries(rows(run, 'summary-tiles').map((r) => [r.Metric, Number(r.Value)]));
    const overTime = rows(run, 'failures-over-time').reduce((n, r) => n + Number(r.Failures), 0);
    const byCaller = rows(run, 'top-failing-callers').reduce((n, r) => n + Number(r.Failures), 0);
    expect(overTime).toBe(tiles.Failures);
    expect(byCaller).toBeLessThanOrEqual(tiles.Failures!);
    const wb = workbooks.get('managed-hsm-security-overview')!;
    for (const step of wb.source.steps.flatMap((st) => (st.kind === 'group' ? st.steps : [st]))) {
      if (step.kind !== 'query') continue;
      // Any count of failures goes through the one definition.
      expect(step.query, step.id).not.toMatch(/Result == "Failure"/);
    }
  });

  it('tells public from private network access', () => {
    const net = new Set(rows(runOn('network'), 'network-access').map((r) => r.Network));
    expect(net.has('Public internet')).toBe(true);
    expect([...net].some((n) => String(n).startsWith('Private'))).toBe(true);
    const pub = rows(runOn('network'), 'public-addresses').map((r) => r.CallerIpAddress);
    expect(pub.every((ip) => !String(ip).startsWith('10.'))).toBe(true);
  });

  it('catches a step whose query no longer finds anything', () => {
    const wb = workbooks.get('managed-hsm-security-overview')!;
    const steps = wb.source.steps.map((s) => (s.kind === 'query' && s.id === 'security-domain' ? { ...s, query: `${s.query}| where false\n` } : s));
    const broken = { ...wb, source: { ...wb.source, steps } };
    const run = runWorkbook(broken, { engine, database: databases.get(key('security-domain', 'AzureDiagnostics'))!, timeRange });
    expect(rows(run, 'security-domain')).toEqual([]);
    expect(rows(runOn('security-domain'), 'security-domain').length).toBeGreaterThan(0);
  });

  it('filters by the HSM parameter', () => {
    const all = rows(runOn('backup-recovery'), 'backup-restore');
    const one = rows(runWorkbook(workbooks.get('managed-hsm-security-overview')!, {
      engine, database: databases.get(key('backup-recovery', 'AzureDiagnostics'))!, timeRange, values: { Hsm: ['contoso-mhsm-dr'] },
    }), 'backup-restore');
    expect(one.length).toBeGreaterThan(0);
    expect(one.length).toBeLessThan(all.length);
    expect(new Set(one.map((r) => r.HsmName))).toEqual(new Set(['contoso-mhsm-dr']));
  });
});

describe('detection health workbook on the alert and incident samples', () => {
  let run: WorkbookRun;
  let packRuleCount: number;
  beforeAll(() => {
    const wb = workbooks.get('managed-hsm-detection-health')!;
    packRuleCount = wb.macros.packRules?.length ?? 0;
    const db = database([join(ROOT, 'samples/workbooks'), join(SCENARIOS, 'security-domain')], 'AzureDiagnostics');
    run = runWorkbook(wb, { engine, database: db, timeRange: { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-21T00:00:00Z') } });
  }, 300_000);

  it('runs every query and returns the columns of its visualization', () => {
    expectClean(run);
    for (const step of run.steps.keys()) {
      if (step !== 'silent-rules' || packRuleCount > 3) expect(rows(run, step).length, step).toBeGreaterThan(0);
    }
  });

  it('counts the pack alerts and incidents once each, leaving out other rules', () => {
    const tiles = Object.fromEntries(rows(run, 'summary-tiles').map((r) => [r.Metric, Number(r.Value)]));
    expect(tiles).toEqual({
      'Rules in the pack': packRuleCount, 'Rules that fired': 3, Alerts: 11, Incidents: 6, 'Open incidents': 2,
      'Closed as false positive': 2,
    });
  });

  it('ranks the noisy rule first with its incident outcomes', () => {
    const [top, ...rest] = rows(run, 'noisy-rules-table');
    expect(top).toMatchObject({ RuleName: 'Managed HSM burst of failed requests (401/403) from one caller', Alerts: 6, Incidents: 2, NotMalicious: 2, NotMaliciousPercent: 100 });
    expect(rest.map((r) => r.RuleName)).not.toContain('Suspicious sign-in from a TOR exit node');
  });

  it('reports coverage per baseline practice', () => {
    const coverage = Object.fromEntries(rows(run, 'coverage-by-practice').map((r) => [r.Practice, r]));
    const rules = workbooks.get('managed-hsm-detection-health')!.macros.packRules!;
    const practiceOf = (name: string) => rules.find((r) => r.name === name)!.practices[0]!;
    // Expected alerts per practice from the samples: 2 security domain, 3 role assignment, 6 failed-access burst.
    const expected = new Map<string, { fired: number; alerts: number }>();
    for (const [name, alerts] of [['Managed HSM security domain downloaded', 2], ['Managed HSM local RBAC role assignment created or deleted', 3],
      ['Managed HSM burst of failed requests (401/403) from one caller', 6]] as const) {
      const e = expected.get(practiceOf(name)) ?? { fired: 0, alerts: 0 };
      expected.set(practiceOf(name), { fired: e.fired + 1, alerts: e.alerts + alerts });
    }
    for (const [practice, e] of expected) expect(coverage[practice], practice).toMatchObject({ RulesThatFired: e.fired, Alerts: e.alerts });
    // Practice ids only (never a folder name), each rule under every practice it names.
    const practices = [...new Set(rules.flatMap((r) => r.practices))].sort();
    expect(Object.keys(coverage).sort()).toEqual(practices);
    for (const p of practices) expect(BASELINE_PRACTICES.map((b) => b.id), p).toContain(p);
    const total = Object.values(coverage).reduce((n: number, r) => n + Number((r as Record<string, unknown>).Rules), 0);
    expect(total).toBe(rules.reduce((n, r) => n + r.practices.length, 0));
    expect(rules.some((r) => r.practices.length > 1)).toBe(true);
    const silent = rows(run, 'silent-rules').map((r) => r.RuleName);
    expect(silent).toHaveLength(packRuleCount - 3);
    expect(silent).not.toContain('Managed HSM security domain downloaded');
  });
});
