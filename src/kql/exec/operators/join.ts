/** join: hash join on the key expressions, for every join flavour; null keys never match (as in Kusto). */
import { KqlError } from '../../engine-api.ts';
import { lazyColumns, type Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler, type PlanExecutor } from '../compile.ts';
import type { RunContext } from '../context.ts';
import { nullOf } from '../cast.ts';

type JoinPlan = Extract<Plan, { op: 'join' }>;

/** Join key of a row: one value, or the JSON text of several. Null keys never match (as Kusto). */
function keyReader(cols: unknown[][]): (i: number) => unknown {
  if (cols.length === 1) {
    const c = cols[0]!;
    return (i) => {
      const v = c[i];
      return v === null || v === undefined ? undefined : typeof v === 'object' ? `\u0000${JSON.stringify(v)}` : v;
    };
  }
  return (i) => {
    const parts = cols.map((c) => c[i]);
    if (parts.some((v) => v === null || v === undefined)) return undefined;
    return JSON.stringify(parts.map((v) => (typeof v === 'bigint' ? v.toString() : v)));
  };
}

export function executeJoin(plan: JoinPlan, rc: RunContext, exec: PlanExecutor, compile: ExprCompiler): Table {
  const left = exec(plan.left, rc);
  const right = exec(plan.right, rc);
  const lkey = keyReader(plan.leftKeys.map((e) => evaluateColumn(compile(e), left)));
  const rkey = keyReader(plan.rightKeys.map((e) => evaluateColumn(compile(e), right)));
  const kind = plan.kind;

  // hash the right side: key -> row indices
  const rightIndex = new Map<unknown, number[]>();
  for (let j = 0; j < right.rowCount; j++) {
    const k = rkey(j);
    if (k === undefined) continue;
    const list = rightIndex.get(k);
    if (list) list.push(j);
    else rightIndex.set(k, [j]);
  }

  if (kind === 'leftsemi' || kind === 'leftanti') {
    const rows: number[] = [];
    for (let i = 0; i < left.rowCount; i++) {
      const k = lkey(i);
      const hit = k !== undefined && rightIndex.has(k);
      if (hit === (kind === 'leftsemi')) rows.push(i);
    }
    return output(plan, left, right, rows, rows.map(() => -1));
  }
  if (kind === 'rightsemi' || kind === 'rightanti') {
    const leftKeys = new Set<unknown>();
    for (let i = 0; i < left.rowCount; i++) {
      const k = lkey(i);
      if (k !== undefined) leftKeys.add(k);
    }
    const rows: number[] = [];
    for (let j = 0; j < right.rowCount; j++) {
      const k = rkey(j);
      const hit = k !== undefined && leftKeys.has(k);
      if (hit === (kind === 'rightsemi')) rows.push(j);
    }
    return output(plan, left, right, rows.map(() => -1), rows);
  }

  const li: number[] = [];
  const ri: number[] = [];
  const lastLeft = new Map<unknown, number>();
  if (kind === 'innerunique') {
    for (let i = 0; i < left.rowCount; i++) {
      const k = lkey(i);
      if (k !== undefined) lastLeft.set(k, i);
    }
  }
  const matchedRight = new Uint8Array(right.rowCount);
  for (let i = 0; i < left.rowCount; i++) {
    const k = lkey(i);
    if (kind === 'innerunique') {
      // one left row per key (the last one, as the docs' examples show)
      if (k === undefined || lastLeft.get(k) !== i) continue;
    }
    const matches = k === undefined ? undefined : rightIndex.get(k);
    if (matches) {
      for (const j of matches) {
        li.push(i);
        ri.push(j);
        matchedRight[j] = 1;
      }
      if (li.length > 50_000_000) throw new KqlError('KQL_LIMIT', 'join produces more than 50,000,000 rows; add join keys or filters');
    } else if (kind === 'leftouter' || kind === 'fullouter') {
      li.push(i);
      ri.push(-1);
    }
    if ((i & 0xffff) === 0xffff) rc.check();
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (let j = 0; j < right.rowCount; j++) {
      if (!matchedRight[j]) {
        li.push(-1);
        ri.push(j);
      }
    }
  }
  return output(plan, left, right, li, ri);
}

/** The output columns, each gathered from its side by row index (-1: no row on that side, the column's null). */
function output(plan: JoinPlan, left: Table, right: Table, li: number[], ri: number[]): Table {
  const n = li.length;
  const data = lazyColumns(plan.sources.length, (c) => {
    const s = plan.sources[c]!;
    const src = s.side === 'left' ? left.data[s.index]! : right.data[s.index]!;
    const idx = s.side === 'left' ? li : ri;
    const nv = nullOf(plan.columns[c]!.type);
    const out = new Array(n);
    for (let r = 0; r < n; r++) {
      const k = idx[r]!;
      out[r] = k < 0 ? nv : src[k];
    }
    return out;
  });
  return { columns: plan.columns, data, rowCount: n };
}
