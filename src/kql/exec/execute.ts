/**
 * Evaluates a logical plan over columnar tables. Each operator materialises its output; unchanged columns are
 * shared between input and output, never copied.
 */
import { KqlError } from '../engine-api.ts';
import type { ColumnSchema } from '../schema.ts';
import {
  emptyTable, forwardColumns, gatherRows, ingestionColumn, lazyColumns, sliceRows, withIngestionColumn, type Table,
} from '../data/table.ts';
import type { Plan } from '../plan/nodes.ts';
import { compileExpr, evaluateColumn, type Compiled } from './compile.ts';
import type { RunContext } from './context.ts';
import { sortIndices } from './order.ts';
import { GroupIndex } from './group.ts';
import { executeSummarize } from './summarize.ts';
import { executeExtra } from './operators/index.ts';
import { compileFilter } from './filter.ts';

export function execute(plan: Plan, rc: RunContext): Table {
  rc.check();
  const compile = (e: Parameters<typeof compileExpr>[0]): Compiled => compileExpr(e, rc, execute);
  switch (plan.op) {
    case 'table':
      return scanTable(plan.name, plan.columns, rc);
    case 'rows': {
      const data = plan.columns.map((_, c) => plan.rows.map((r) => r[c] ?? (plan.columns[c]!.type === 'string' ? '' : null)));
      return { columns: plan.columns, data, rowCount: plan.rows.length };
    }
    case 'print': {
      const data = plan.exprs.map((e) => {
        const c = compile(e);
        return [c.isConst ? c.value : c.prepare([], 1)(0)];
      });
      return { columns: plan.columns, data, rowCount: 1 };
    }
    case 'range':
      return range(plan, rc, compile);
    case 'where': {
      const input = execute(plan.input, rc);
      const filter = compileFilter(plan.predicate, compile);
      const n = input.rowCount;
      const sel = new Int32Array(n);
      const m = filter(input.data, n, null, n, sel);
      rc.tick(n);
      if (m === n) return input;
      return gatherRows(input, sel, m);
    }
    case 'extend': {
      const input = execute(plan.input, rc);
      const data = forwardColumns(input.data);
      for (const { index, expr } of plan.assigns) {
        const col = evaluateColumn(compile(expr), { columns: plan.columns, data, rowCount: input.rowCount });
        data[index] = col;
        rc.tick(input.rowCount);
      }
      return { columns: plan.columns, data, rowCount: input.rowCount };
    }
    case 'select': {
      const input = execute(plan.input, rc);
      const data = plan.indices.map((i) => input.data[i]!);
      return { columns: plan.columns, data: withIngestionColumn(data, ingestionColumn(input.data)), rowCount: input.rowCount };
    }
    case 'summarize':
      return executeSummarize(plan, execute(plan.input, rc), rc, compile);
    case 'count': {
      const input = execute(plan.input, rc);
      return { columns: plan.columns, data: [[input.rowCount]], rowCount: 1 };
    }
    case 'take': {
      const input = execute(plan.input, rc);
      return sliceRows(input, countValue(compile(plan.count)));
    }
    case 'sort':
    case 'top': {
      const input = execute(plan.input, rc);
      const keys = plan.keys.map((k) => ({ values: evaluateColumn(compile(k.expr), input), descending: k.descending, nullsFirst: k.nullsFirst }));
      const order = sortIndices(input.rowCount, keys);
      const n = plan.op === 'top' ? Math.min(countValue(compile(plan.count)), order.length) : order.length;
      return gatherRows({ ...input, columns: plan.columns }, order, n);
    }
    case 'distinct': {
      const input = execute(plan.input, rc);
      const cols = plan.exprs.map((e) => evaluateColumn(compile(e), input));
      const groups = new GroupIndex(cols.length);
      const out: unknown[][] = cols.map(() => []);
      const keys = new Array(cols.length);
      for (let i = 0; i < input.rowCount; i++) {
        for (let k = 0; k < cols.length; k++) keys[k] = cols[k]![i];
        const before = groups.count;
        if (groups.lookup(keys) === before) for (let k = 0; k < cols.length; k++) out[k]!.push(keys[k]);
      }
      return { columns: plan.columns, data: out, rowCount: groups.count };
    }
    case 'union':
      return union(plan, rc);
    case 'materialize': {
      const cached = rc.materialized.get(plan.id);
      if (cached) return cached;
      const t = execute(plan.input, rc);
      rc.materialized.set(plan.id, t);
      return t;
    }
    case 'scope':
      return execute(plan.input, rc);
    default:
      return executeExtra(plan, rc, execute, compile);
  }
}

function countValue(c: Compiled): number {
  const v = c.isConst ? c.value : c.prepare([], 1)(0);
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) return 0;
  return Math.floor(n);
}

/**
 * A table of the database, restricted to the run's time range and to the rows already ingested, and shaped to
 * the binder's columns. The rows' ingestion times ride along only when the query reads them.
 */
export function scanTable(name: string, columns: ColumnSchema[], rc: RunContext): Table {
  const cached = rc.tables.get(name);
  if (cached) return cached;
  const stored = rc.db.get(name);
  let t: Table;
  if (!stored) t = emptyTable(columns);
  else if (stored.columns.length === columns.length && stored.columns.every((c, i) => c.name === columns[i]!.name)) {
    t = { columns, data: stored.data, rowCount: stored.rowCount };
  } else {
    const data = columns.map((c) => {
      const i = stored.columns.findIndex((s) => s.name === c.name);
      return i >= 0 ? stored.data[i]! : new Array(stored.rowCount).fill(c.type === 'string' ? '' : null);
    });
    t = { columns, data, rowCount: stored.rowCount };
  }
  // TimeGenerated is read only when something needs it (a lazily windowed column is built on first read).
  const needsTimes = rc.timeRange !== null || rc.ingestedBefore !== null || rc.trackIngestion;
  const ti = needsTimes ? columns.findIndex((c) => c.name === 'TimeGenerated' && c.type === 'datetime') : -1;
  const times = ti >= 0 ? (t.data[ti]! as (number | null)[]) : undefined;
  // Loaded ingestion times (each row's own, else TimeGenerated plus the load-time delay); without them a row was
  // ingested at its TimeGenerated.
  const ingested = stored ? (ingestionColumn(stored.data) as (number | null)[] | undefined) : undefined;
  const hidden = rc.trackIngestion ? ingested ?? times : undefined;
  if (ingested || hidden) {
    // A fresh column list: the stored one's hidden column is attached only when the query reads it.
    const data = t.data;
    t = { columns, data: withIngestionColumn(lazyColumns(data.length, (c) => data[c]!), hidden), rowCount: t.rowCount };
  }
  t = visibleRows(t, rc, times, ingested);
  rc.tables.set(name, t);
  return t;
}

/** The rows inside the time range (on TimeGenerated) that were ingested before the run's bound. */
function visibleRows(t: Table, rc: RunContext, times: (number | null)[] | undefined, ingested: (number | null)[] | undefined): Table {
  const tr = rc.timeRange;
  const bound = rc.ingestedBefore;
  let start = -Infinity;
  let end = Infinity;
  if (tr) [start, end] = [tr.start, tr.end];
  // Without loaded ingestion times a row is ingested at its TimeGenerated: the bound narrows the time range.
  const boundOnTimes = bound !== null && !ingested;
  if (boundOnTimes && times) end = Math.min(end, bound - 1);
  const byTime = times && (tr || boundOnTimes);
  const byIngestion = bound !== null && ingested;
  if (!byTime && !byIngestion) return t;
  const sel = new Int32Array(t.rowCount);
  let m = 0;
  for (let i = 0; i < t.rowCount; i++) {
    if (byTime) {
      const v = times[i];
      if (v === null || v === undefined) {
        if (tr) continue;
      } else if (v < start || v > end) continue;
    }
    if (byIngestion) {
      const at = ingested[i];
      if (at !== null && at !== undefined && at >= bound) continue;
    }
    sel[m++] = i;
  }
  return m === t.rowCount ? t : gatherRows(t, sel, m);
}

function range(plan: Extract<Plan, { op: 'range' }>, rc: RunContext, compile: (e: any) => Compiled): Table {
  const value = (c: Compiled) => (c.isConst ? c.value : c.prepare([], 1)(0));
  const from = value(compile(plan.from));
  const to = value(compile(plan.to));
  const step = value(compile(plan.step));
  if (typeof from !== 'number' || typeof to !== 'number' || typeof step !== 'number' || step === 0) {
    if (from === null || to === null || step === null) return emptyTable(plan.columns);
    throw new KqlError('KQL_RUNTIME', 'range needs numeric, datetime or timespan bounds and a non-zero step');
  }
  const out: number[] = [];
  const cap = rc.limits.maxRows !== undefined ? rc.limits.maxRows * 10 + 1_000_000 : 50_000_000;
  for (let v = from; step > 0 ? v <= to : v >= to; v += step) {
    out.push(v);
    if (out.length > cap) throw new KqlError('KQL_LIMIT', `range produces more than ${cap} rows`);
  }
  return { columns: plan.columns, data: [out], rowCount: out.length };
}

function union(plan: Extract<Plan, { op: 'union' }>, rc: RunContext): Table {
  const data: unknown[][] = plan.columns.map(() => []);
  let rowCount = 0;
  // Ingestion times are carried when an input has them (rows of the other inputs get null).
  let ingested: unknown[] | undefined;
  plan.inputs.forEach((p, k) => {
    const t = execute(p, rc);
    const hidden = ingestionColumn(t.data);
    if (hidden && !ingested) ingested = new Array(rowCount).fill(null);
    if (ingested) for (let i = 0; i < t.rowCount; i++) ingested.push(hidden ? hidden[i] : null);
    const map = plan.maps[k]!;
    plan.columns.forEach((c, j) => {
      const out = data[j]!;
      if (c.name === plan.sourceColumn) {
        for (let i = 0; i < t.rowCount; i++) out.push(plan.sourceNames[k]);
        return;
      }
      const src = map[j]!;
      if (src < 0) for (let i = 0; i < t.rowCount; i++) out.push(c.type === 'string' ? '' : null);
      else {
        const col = t.data[src]!;
        for (let i = 0; i < t.rowCount; i++) out.push(col[i]);
      }
    });
    rowCount += t.rowCount;
  });
  return { columns: plan.columns, data: withIngestionColumn(data, ingested), rowCount };
}
