/** join: hash join on the key expressions, for every join flavour; null keys never match (as in Kusto). */
import { KqlError } from '../../engine-api.ts';
import { lazyColumns, type Table } from '../../data/table.ts';
import type { Expr, Plan } from '../../plan/nodes.ts';
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

/** Hash of the right side: key -> right row indices (rows with a null key are left out). */
function indexRight(right: Table, rkey: (i: number) => unknown): Map<unknown, number[]> {
  const rightIndex = new Map<unknown, number[]>();
  for (let j = 0; j < right.rowCount; j++) {
    const k = rkey(j);
    if (k === undefined) continue;
    const list = rightIndex.get(k);
    if (list) list.push(j);
    else rightIndex.set(k, [j]);
  }
  return rightIndex;
}

/** innerunique keeps one left row per key (the last one, as the docs' examples show): a flag per left row. */
function uniqueLeft(left: Table, lkey: (i: number) => unknown): Uint8Array {
  const lastLeft = new Map<unknown, number>();
  for (let i = 0; i < left.rowCount; i++) {
    const k = lkey(i);
    if (k !== undefined) lastLeft.set(k, i);
  }
  const kept = new Uint8Array(left.rowCount);
  for (const i of lastLeft.values()) kept[i] = 1;
  return kept;
}

const MAX_PAIRS = 50_000_000;

export function executeJoin(plan: JoinPlan, rc: RunContext, exec: PlanExecutor, compile: ExprCompiler): Table {
  const left = exec(plan.left, rc);
  const right = exec(plan.right, rc);
  const lkey = keyReader(plan.leftKeys.map((e) => evaluateColumn(compile(e), left)));
  const rkey = keyReader(plan.rightKeys.map((e) => evaluateColumn(compile(e), right)));
  if (plan.condition) return joinWhere(plan, plan.condition, left, right, lkey, rkey, rc, compile);
  const kind = plan.kind;
  const rightIndex = indexRight(right, rkey);

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
  const keep = kind === 'innerunique' ? uniqueLeft(left, lkey) : null;
  const matchedRight = new Uint8Array(right.rowCount);
  for (let i = 0; i < left.rowCount; i++) {
    if (keep && !keep[i]) continue;
    const k = lkey(i);
    const matches = k === undefined ? undefined : rightIndex.get(k);
    if (matches) {
      for (const j of matches) {
        li.push(i);
        ri.push(j);
        matchedRight[j] = 1;
      }
      if (li.length > MAX_PAIRS) throw new KqlError('KQL_LIMIT', 'join produces more than 50,000,000 rows; add join keys or filters');
    } else if (kind === 'leftouter' || kind === 'fullouter') {
      li.push(i);
      ri.push(-1);
    }
    if ((i & 0xffff) === 0xffff) rc.check();
  }
  if (kind === 'rightouter' || kind === 'fullouter') appendUnmatchedRight(matchedRight, li, ri);
  return output(plan, left, right, li, ri);
}

function appendUnmatchedRight(matchedRight: Uint8Array, li: number[], ri: number[]): void {
  for (let j = 0; j < matchedRight.length; j++) {
    if (!matchedRight[j]) {
      li.push(-1);
      ri.push(j);
    }
  }
}

/**
 * join ... where: the pairs with equal keys (every pair when there is no key equality) that also meet the
 * condition, evaluated over the pairs' left and right columns side by side; then each kind as with `on`.
 */
function joinWhere(
  plan: JoinPlan, condition: Expr, left: Table, right: Table, lkey: (i: number) => unknown, rkey: (i: number) => unknown,
  rc: RunContext, compile: ExprCompiler,
): Table {
  const kind = plan.kind;
  const keyed = plan.leftKeys.length > 0;
  const rightIndex = keyed ? indexRight(right, rkey) : null;
  const allRight = keyed ? [] : Array.from({ length: right.rowCount }, (_, j) => j);
  const keep = kind === 'innerunique' ? uniqueLeft(left, lkey) : null;
  // candidate pairs, in left row order
  const pl: number[] = [];
  const pr: number[] = [];
  for (let i = 0; i < left.rowCount; i++) {
    if (keep && !keep[i]) continue;
    let matches: number[] | undefined = allRight;
    if (rightIndex) {
      const k = lkey(i);
      matches = k === undefined ? undefined : rightIndex.get(k);
    }
    if (matches) for (const j of matches) { pl.push(i); pr.push(j); }
    if (pl.length > MAX_PAIRS) throw new KqlError('KQL_LIMIT', 'join ... where compares more than 50,000,000 pairs of rows; add a $left.x == $right.y key or filters');
    if ((i & 0xffff) === 0xffff) rc.check();
  }
  rc.tick(pl.length);
  const nl = left.columns.length;
  const pairs = lazyColumns(nl + right.columns.length, (c) => {
    const src = c < nl ? left.data[c]! : right.data[c - nl]!;
    const idx = c < nl ? pl : pr;
    const out = new Array(idx.length);
    for (let r = 0; r < idx.length; r++) out[r] = src[idx[r]!];
    return out;
  });
  const met = compile(condition).prepare(pairs, pl.length);

  const li: number[] = [];
  const ri: number[] = [];
  const matchedLeft = new Uint8Array(left.rowCount);
  const matchedRight = new Uint8Array(right.rowCount);
  let p = 0;
  for (let i = 0; i < left.rowCount; i++) {
    for (; p < pl.length && pl[p] === i; p++) {
      if (met(p) !== true) continue;
      const j = pr[p]!;
      matchedLeft[i] = 1;
      matchedRight[j] = 1;
      if (kind !== 'leftsemi' && kind !== 'leftanti' && kind !== 'rightsemi' && kind !== 'rightanti') {
        li.push(i);
        ri.push(j);
      }
    }
    if (!matchedLeft[i] && (kind === 'leftouter' || kind === 'fullouter')) {
      li.push(i);
      ri.push(-1);
    }
  }
  const rowsWhere = (flags: Uint8Array, value: number) => {
    const rows: number[] = [];
    for (let k = 0; k < flags.length; k++) if (flags[k] === value) rows.push(k);
    return rows;
  };
  if (kind === 'leftsemi' || kind === 'leftanti') {
    const rows = rowsWhere(matchedLeft, kind === 'leftsemi' ? 1 : 0);
    return output(plan, left, right, rows, rows.map(() => -1));
  }
  if (kind === 'rightsemi' || kind === 'rightanti') {
    const rows = rowsWhere(matchedRight, kind === 'rightsemi' ? 1 : 0);
    return output(plan, left, right, rows.map(() => -1), rows);
  }
  if (kind === 'rightouter' || kind === 'fullouter') appendUnmatchedRight(matchedRight, li, ri);
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
