/**
 * Runs one test case under every variant of the catalogue that applies to it. The case's rows are read once (the
 * replay's file cache) and limited to what its runs can see; each variant builds its own small database from them.
 */
import type { FunctionDefinition, TableSchema } from '../../kql/index.ts';
import type { Database } from '../../kql/index.ts';
import { executeCase } from '../case-runner.ts';
import type { ReplayEngine, RunRequest } from '../engine.ts';
import { checkExpectations, type CaseOutcome } from '../expect.ts';
import type { ReplayRule } from '../rule.ts';
import type { TestCase } from '../test-file.ts';
import { VARIANTS } from './catalogue/index.ts';
import type { Variant, VariantData, VariantDecline, VariantInput, VariantResult, VariantRun } from './model.ts';
import { timeOf, type Rows } from './records.ts';

/** What the variant runner needs from the replay (KqlReplay provides it). */
export interface VariantReplay extends ReplayEngine<Database> {
  caseRows(testFile: string, c: TestCase): Rows;
  recordsDatabase(tables: Rows, where: string, options?: { ingestionDelayMs?: number | Record<string, number> }): Database;
  tableSchemas(): TableSchema[];
  functionDefinitions(): FunctionDefinition[];
}

export interface VariantContext {
  rule: ReplayRule;
  testFile: string;
  replay: VariantReplay;
  /** A replay bound with other table schemas (the sparse-columns variant). */
  replayWith: (tables: TableSchema[]) => VariantReplay;
  /** Declines in force for this case (file-level and case-level), by variant id. */
  declines?: Record<string, VariantDecline>;
  /** Another rule of the suite by id or file stem, for a decline's `coveredBy`. */
  ruleByKey: (key: string) => ReplayRule | undefined;
  /** Only these variants (ids); default all. */
  only?: string[];
  signal?: AbortSignal;
}

const names = (s: string) => new RegExp(`\\b${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);

/** The tables a query reads: the tables it names, and those named by the workspace functions it calls (transitively). */
export function tablesRead(query: string, tables: TableSchema[], functions: FunctionDefinition[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (text: string) => {
    for (const t of tables) if (names(t.name).test(text)) out.add(t.name);
    for (const f of functions) {
      if (seen.has(f.name) || !names(f.name).test(text)) continue;
      seen.add(f.name);
      visit(f.body);
    }
  };
  visit(query);
  return out;
}

/** The case's rows limited to [start, end) by TimeGenerated (rows without one are kept). */
function visibleRows(rows: Rows, start: number, end: number): Rows {
  const out: Rows = {};
  for (const [table, rs] of Object.entries(rows)) {
    out[table] = rs.filter((r) => {
      const t = timeOf(r);
      return t === undefined || (t >= start && t < end);
    });
  }
  return out;
}

function caseRun(c: TestCase): VariantRun {
  return c.schedule ? { schedule: c.schedule } : { now: c.now! };
}

/** The input a variant sees for a case. */
export function variantInput(rule: ReplayRule, c: TestCase, rows: Rows, replay: VariantReplay): VariantInput {
  const schemas = new Map(replay.tableSchemas().map((t) => [t.name, t]));
  const tables = tablesRead(rule.query, replay.tableSchemas(), replay.functionDefinitions());
  const run = caseRun(c);
  let visible: Rows;
  let focus: { start: number; end: number };
  if (run.now) {
    const now = run.now.getTime();
    visible = visibleRows(rows, now - rule.queryPeriodMs, now);
    focus = { start: now - Math.min(rule.queryFrequencyMs, rule.queryPeriodMs), end: now };
  } else {
    const from = run.schedule.from.getTime();
    const to = run.schedule.to.getTime();
    visible = visibleRows(rows, from + rule.queryFrequencyMs - rule.queryPeriodMs, to);
    focus = { start: from, end: to };
  }
  return { rule, kind: c.kind, rows: visible, run, focus, tables, schemas };
}

function variantCase(c: TestCase, data: VariantData): TestCase {
  const run = data.run ?? caseRun(c);
  return { ...c, now: run.now, schedule: run.schedule };
}

function verdict(kind: TestCase['kind'], alerts: number): string | undefined {
  if (kind === 'positive' && alerts === 0) return 'no alert';
  if (kind === 'negative' && alerts > 0) return `${alerts} alert${alerts === 1 ? '' : 's'} on a benign case`;
  return undefined;
}

async function runOne(v: Variant, c: TestCase, data: VariantData & { database?: Database }, rule: ReplayRule, base: CaseOutcome | undefined, ctx: VariantContext) {
  const replay = data.schemas ? ctx.replayWith(mergeSchemas(ctx.replay.tableSchemas(), data.schemas)) : ctx.replay;
  const vc = variantCase(c, data);
  const where = `${ctx.testFile}:${c.line} (variant ${v.id})`;
  let result;
  if (data.ingestionDelayMs && !readsIngestionTime(rule, replay)) {
    // Without ingestion_time() in the query, a run at t over data ingested D late sees exactly the rows generated
    // before t - D: one small database per run instead of the engine's slower path for delayed data.
    result = await executeCase(rule, vc, new DelayedRows(replay, data.ingestionDelayMs, where), data.rows, ctx.signal);
  } else {
    data.database ??= replay.recordsDatabase(data.rows, where, { ingestionDelayMs: data.ingestionDelayMs });
    result = await executeCase(rule, vc, replay, data.database, ctx.signal);
  }
  const { outcome, findings } = result;
  const n = outcome.alerts.length;
  let problem = verdict(c.kind, n);
  if (!problem && v.keeps === 'alert-count' && base && n !== base.alerts.length) {
    problem = `${n} alert${n === 1 ? '' : 's'} where the case as written raises ${base.alerts.length}`;
  }
  if (!problem && v.keeps === 'expectations') {
    const failures = [...checkExpectations(c, outcome).map((f) => f.message), ...findings.map((f) => `policy: ${f}`)];
    if (failures.length) problem = failures.join('; ');
  }
  return { alerts: n, problem };
}

function readsIngestionTime(rule: ReplayRule, replay: VariantReplay): boolean {
  const uses = (text: string) => /\bingestion_time\s*\(/.test(text);
  return uses(rule.query) || replay.functionDefinitions().some((f) => uses(f.body) && names(f.name).test(rule.query));
}

/** Runs each query over the rows already ingested at the run's time: generated before now - delay. */
class DelayedRows implements ReplayEngine<Rows> {
  constructor(private readonly replay: VariantReplay, private readonly delayMs: number, private readonly where: string) {}

  run(query: string, rows: Rows, request: RunRequest) {
    const now = request.now.getTime();
    const visible: Rows = {};
    for (const [table, rs] of Object.entries(rows)) {
      visible[table] = rs.filter((r) => {
        const explicit = typeof r._IngestionTime === 'string' ? Date.parse(r._IngestionTime) : NaN;
        if (!Number.isNaN(explicit)) return explicit < now;
        const t = timeOf(r);
        return t === undefined || t + this.delayMs < now;
      });
    }
    return this.replay.run(query, this.replay.recordsDatabase(visible, this.where), request);
  }
}

function mergeSchemas(tables: TableSchema[], replace: TableSchema[]): TableSchema[] {
  const by = new Map(replace.map((t) => [t.name, t]));
  return tables.map((t) => by.get(t.name) ?? t);
}

export async function runVariants(c: TestCase, base: CaseOutcome | undefined, ctx: VariantContext): Promise<VariantResult[]> {
  const rows = ctx.replay.caseRows(ctx.testFile, c);
  const input = variantInput(ctx.rule, c, rows, ctx.replay);
  const out: VariantResult[] = [];
  for (const v of VARIANTS) {
    if (!v.cases.includes(c.kind) || (ctx.only && !ctx.only.includes(v.id))) continue;
    ctx.signal?.throwIfAborted();
    let data: (VariantData & { database?: Database }) | undefined;
    try {
      data = v.apply(input);
    } catch (e) {
      out.push({ variant: v.id, kind: v.kind, status: 'error', message: `the variant could not transform this case's data: ${(e as Error).message}` });
      continue;
    }
    if (!data) continue;
    const decline = ctx.declines?.[v.id];
    try {
      if (decline) {
        const result: VariantResult = { variant: v.id, kind: v.kind, status: 'declined', reason: decline.reason, coveredBy: decline.coveredBy };
        if (decline.coveredBy && c.kind === 'positive') {
          const other = ctx.ruleByKey(decline.coveredBy);
          if (!other) {
            Object.assign(result, { status: 'error', message: `declined as covered by "${decline.coveredBy}", which is not a rule of this pack (give its id or file name)` });
          } else {
            const r = await runOne(v, c, data, other, undefined, { ...ctx, rule: other });
            if (r.problem) Object.assign(result, { status: 'break', message: `declined as covered by "${decline.coveredBy}", but that rule raises ${r.problem === 'no alert' ? 'no alert' : r.problem} on this variant` });
            result.alerts = r.alerts;
          }
        }
        out.push(result);
        continue;
      }
      const r = await runOne(v, c, data, ctx.rule, base, ctx);
      out.push({ variant: v.id, kind: v.kind, status: r.problem ? 'break' : 'pass', alerts: r.alerts, message: r.problem });
    } catch (e) {
      const err = e as Error & { code?: string };
      out.push({ variant: v.id, kind: v.kind, status: 'error', message: `${err.code ? `${err.code}: ` : ''}${err.message}` });
    }
  }
  return out;
}
