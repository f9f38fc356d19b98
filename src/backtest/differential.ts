/**
 * `content test --engine adx`: the local engine against Kusto itself on the pack's own cases. For each case, a
 * scratch table per table it reads (columns from schemas/tables), its rows ingested with `.ingest inline`, the
 * rule's query run there as the case's run would (now = the case's now, or its schedule's last run; the rule's
 * queryPeriod as the window) and on the local engine over the same rows; every difference in columns, column types
 * and rows (as a multiset) is reported at the case's position. Scratch tables are dropped afterwards, also when a
 * case fails or the run is interrupted.
 */
import { createHash } from 'node:crypto';
import { createEngine, type TableSchema } from '../kql/index.ts';
import { discoverSuite, replayEnvironment, type SuiteEntry, type TestCase } from '../replay/index.ts';
import type { AdxEngine } from './adx-engine.ts';
import { tablesReadBy } from './compose.ts';
import type { EngineTable } from './engine.ts';
import { normaliseRows } from './wire-values.ts';

export interface CaseDifference {
  kind: 'columns' | 'types' | 'rows' | 'error';
  message: string;
}

export interface DifferentialCase {
  ruleName: string;
  ruleFile: string;
  testFile: string;
  caseName: string;
  line: number;
  column: number;
  now: string;
  localRows: number;
  remoteRows?: number;
  differences: CaseDifference[];
}

export interface DifferentialReport {
  target: string;
  cases: DifferentialCase[];
  /** Scratch tables created and dropped. */
  scratchTables: number;
}

export interface DifferentialOptions {
  engine: AdxEngine;
  paths?: string[];
  signal?: AbortSignal;
  onCase?: (c: DifferentialCase) => void;
  /** Rows per `.ingest inline` command (default 500). */
  ingestBatch?: number;
}

function lastTickBefore(d: Date): string {
  return `${new Date(d.getTime() - 1).toISOString().slice(0, -1)}9999Z`;
}

function columnDecl(t: TableSchema): string {
  return t.columns.map((c) => `['${c.name.replace(/'/g, "\\'")}']:${c.type}`).join(', ');
}

/** A row as comparable text: reals to 12 significant digits (engines may differ in the last bits). */
function canonical(row: unknown[]): string {
  return JSON.stringify(row, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v));
}

export function compareTables(local: EngineTable, remote: EngineTable): CaseDifference[] {
  const out: CaseDifference[] = [];
  const ln = local.columns.map((c) => c.name);
  const rn = remote.columns.map((c) => c.name);
  if (ln.join('\0') !== rn.join('\0')) {
    out.push({ kind: 'columns', message: `columns differ: local (${ln.join(', ')}), Kusto (${rn.join(', ')})` });
    return out;
  }
  const types = local.columns.map((c, i) => [c.name, c.type, remote.columns[i]!.type] as const).filter(([, a, b]) => a !== b);
  for (const [name, a, b] of types) out.push({ kind: 'types', message: `column ${name}: local ${a}, Kusto ${b}` });
  const count = (rows: unknown[][]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(canonical(r), (m.get(canonical(r)) ?? 0) + 1);
    return m;
  };
  const a = count(local.rows);
  const b = count(remote.rows);
  const onlyLocal = [...a].filter(([k, n]) => (b.get(k) ?? 0) < n).map(([k]) => k);
  const onlyRemote = [...b].filter(([k, n]) => (a.get(k) ?? 0) < n).map(([k]) => k);
  if (onlyLocal.length || onlyRemote.length) {
    const show = (list: string[]) => list.slice(0, 3).join('; ') + (list.length > 3 ? `; and ${list.length - 3} more` : '');
    out.push({
      kind: 'rows',
      message: `rows differ (local ${local.rows.length}, Kusto ${remote.rows.length})${onlyLocal.length ? `; only local: ${show(onlyLocal)}` : ''}${onlyRemote.length ? `; only Kusto: ${show(onlyRemote)}` : ''}`,
    });
  }
  return out;
}

function caseNow(c: TestCase, rule: SuiteEntry['rule']): Date | undefined {
  if (c.now) return c.now;
  if (!c.schedule) return undefined;
  const step = rule.queryFrequencyMs;
  const runs = Math.floor((c.schedule.to.getTime() - c.schedule.from.getTime()) / step);
  return runs > 0 ? new Date(c.schedule.from.getTime() + runs * step) : undefined;
}

export async function differentialTest(root: string, o: DifferentialOptions): Promise<DifferentialReport> {
  const suite = discoverSuite(root, { paths: o.paths });
  const env = replayEnvironment(root, suite.tables, suite.functions);
  const local = createEngine({ tables: suite.tables, functions: suite.functions });
  const schemas = new Map(suite.tables.map((t) => [t.name, t]));
  const tableNames = suite.tables.map((t) => t.name);
  const created: string[] = [];
  const cases: DifferentialCase[] = [];
  const run = createHash('sha256').update(`${Date.now()}${Math.random()}`).digest('hex').slice(0, 8);
  let n = 0;
  try {
    for (const e of suite.entries) {
      for (const c of e.tests?.cases ?? []) {
        o.signal?.throwIfAborted();
        const now = caseNow(c, e.rule);
        const base = { ruleName: e.rule.name, ruleFile: e.ruleFile, testFile: e.testFile!, caseName: c.name, line: c.line, column: c.column, now: now?.toISOString() ?? '' };
        if (!now) continue;
        const window = { start: new Date(now.getTime() - e.rule.queryPeriodMs), end: now };
        const result: DifferentialCase = { ...base, localRows: 0, differences: [] };
        try {
          const rows = env.caseRows(e.testFile!, c);
          const read = tablesReadBy(e.rule.query, tableNames, suite.functions);
          // Local: the same rows, the same window (TimeGenerated in [start, end)) and now.
          const lr = local.run(e.rule.query, env.caseDatabase(e.testFile!, c), { now, timeRange: { start: window.start, end: lastTickBefore(window.end) } });
          const localTable: EngineTable = { columns: lr.columns.map((col) => ({ name: col.name, type: col.type })), rows: [] };
          localTable.rows = normaliseRows(localTable.columns, lr.rows);
          result.localRows = lr.rows.length;
          // Kusto: a scratch table per table the query reads, with the case's rows.
          const map: Record<string, string> = {};
          for (const t of read) {
            const name = `backtest_${run}_${++n}_${t}`.slice(0, 1024);
            await o.engine.command(`.create table ${name} (${columnDecl(schemas.get(t)!)})`, o.signal);
            created.push(name);
            map[t] = name;
            const list = rows[t] ?? [];
            const batch = o.ingestBatch ?? 500;
            for (let i = 0; i < list.length; i += batch) {
              await o.engine.command(`.ingest inline into table ${name} with (format="json") <|\n${list.slice(i, i + batch).map((r) => JSON.stringify(r)).join('\n')}`, o.signal);
            }
          }
          const remote = await o.engine.send(o.engine.text(e.rule.query, now, window, map), o.signal);
          result.remoteRows = remote.rows.length;
          result.differences = compareTables(localTable, remote);
        } catch (err) {
          if (o.signal?.aborted) throw err;
          result.differences = [{ kind: 'error', message: `${(err as { code?: string }).code ? `${(err as { code: string }).code}: ` : ''}${(err as Error).message}` }];
        }
        cases.push(result);
        o.onCase?.(result);
      }
    }
  } finally {
    if (created.length) {
      try {
        await o.engine.command(`.drop tables (${created.join(', ')}) ifexists`);
      } catch {
        // Reported by the caller through scratchTables; a later run uses new names.
      }
    }
  }
  return { target: o.engine.target, cases, scratchTables: created.length };
}

export function formatDifferential(r: DifferentialReport): string {
  const out: string[] = [`Differential test against ${r.target}`, ''];
  let current = '';
  for (const c of r.cases) {
    if (c.ruleFile !== current) { current = c.ruleFile; out.push(`${c.ruleName} ${c.ruleFile}`); }
    const mark = c.differences.length ? '✗' : '✓';
    out.push(`  ${mark} ${c.caseName}  (${c.localRows} rows locally${c.remoteRows === undefined ? '' : `, ${c.remoteRows} in Kusto`})`);
    for (const d of c.differences) out.push(`      ${c.testFile}:${c.line}:${c.column}: ${d.kind}: ${d.message}`);
  }
  const differing = r.cases.filter((c) => c.differences.length).length;
  out.push('', `${r.cases.length} cases compared, ${differing} with differences; ${r.scratchTables} scratch tables created and dropped`);
  return `${out.join('\n')}\n`;
}
