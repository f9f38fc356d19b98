/**
 * The scan operator: every input record, in order, is checked against the steps from last to first.
 * - Check 1 (k > 0): the previous step's state is non-empty and the record meets step k's condition (evaluated over
 *   that state): the previous state moves to step k, extended with the record (after step k's assignments).
 * - Otherwise, check 2: step k's own state is non-empty (or k is the first step) and the record meets the condition
 *   over it: the record, extended, replaces step k's entry in that state. The first step with an empty state starts
 *   a new match (the next match id).
 * A matching record is output per the step's output=all|last|none. Expressions are compiled once and evaluated over a
 * one-row scratch table (record, then one block per step), refilled for each check. With `partition by`, each key
 * tuple has its own state and match ids (as `partition by K (scan ...)` would), and the output keeps the input order.
 */
import type { Table } from '../../data/table.ts';
import type { Expr, Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler, type RowFn } from '../compile.ts';
import { GroupIndex } from '../group.ts';
import type { RunContext } from '../context.ts';

type ScanPlan = Extract<Plan, { op: 'scan' }>;
type Rec = unknown[];
interface State { matchId: number; records: (Rec | null)[] }
interface Partition { id: number; states: (State | null)[]; nextMatchId: number }

/** The partition number of each row: one partition without keys, else one per distinct key tuple. */
function partitionReader(keys: unknown[][]): (row: number) => number {
  if (keys.length === 0) return () => 0;
  const groups = new GroupIndex(keys.length);
  const tuple = new Array(keys.length);
  return (row) => {
    for (let k = 0; k < keys.length; k++) tuple[k] = keys[k]![row];
    return groups.lookup(tuple);
  };
}

export function executeScan(plan: ScanPlan, input: Table, rc: RunContext, compile: ExprCompiler): Table {
  const w = plan.recordWidth;
  const n = plan.steps.length;
  const scratch: unknown[][] = Array.from({ length: w * (n + 1) }, () => [null]);
  const prepare = (e: Expr): RowFn => compile(e).prepare(scratch, 1);
  const steps = plan.steps.map((s) => ({
    output: s.output,
    condition: prepare(s.condition),
    assigns: s.assigns.map((a) => ({ index: a.index, fn: prepare(a.expr) })),
  }));
  const defaults: Rec = plan.defaults.map((d) => compile(d).prepare([], 1)(0));

  // one state per partition (`partition by` key tuple), each with its own match ids
  const partitionOf = partitionReader(plan.partition.map((e) => evaluateColumn(compile(e), input)));
  const partitions = new Map<number, Partition>();
  const out: ({ rec: Rec; matchId: number } | null)[] = [];
  const lastOutput = new Map<string, number>();
  let part: Partition;

  /** Loads the record (declared columns carried from the state's latest entry) and the state into the scratch. */
  const load = (row: number, state: State | null): void => {
    let latest: Rec | null = null;
    for (const r of state?.records ?? []) if (r) latest = r;
    const inputWidth = input.columns.length;
    for (let c = 0; c < w; c++) scratch[c]![0] = c < inputWidth ? input.data[c]![row] : (latest ?? defaults)[c];
    for (let k = 0; k < n; k++) {
      const r = state?.records[k] ?? defaults;
      for (let c = 0; c < w; c++) scratch[w * (k + 1) + c]![0] = r[c];
    }
  };
  const extend = (k: number): Rec => {
    const rec = scratch.slice(0, w).map((col) => col[0]);
    const values = steps[k]!.assigns.map((a) => a.fn(0));
    steps[k]!.assigns.forEach((a, j) => { rec[a.index] = values[j]; });
    return rec;
  };
  const emit = (k: number, rec: Rec, matchId: number): void => {
    const output = steps[k]!.output;
    if (output === 'none') return;
    if (output === 'last') {
      const key = `${part.id}:${k}:${matchId}`;
      const previous = lastOutput.get(key);
      if (previous !== undefined) out[previous] = null;
      lastOutput.set(key, out.length);
    }
    out.push({ rec, matchId });
  };

  for (let row = 0; row < input.rowCount; row++) {
    rc.tick();
    const p = partitionOf(row);
    let found = partitions.get(p);
    if (!found) partitions.set(p, (found = { id: p, states: new Array(n).fill(null), nextMatchId: 0 }));
    part = found;
    const states = part.states;
    for (let k = n - 1; k >= 0; k--) {
      const previous = k > 0 ? states[k - 1] : null;
      if (previous) {
        load(row, previous);
        if (steps[k]!.condition(0) === true) {
          const rec = extend(k);
          const records = previous.records.slice(0, k);
          records[k] = rec;
          states[k] = { matchId: previous.matchId, records };
          states[k - 1] = null;
          emit(k, rec, previous.matchId);
          continue;
        }
      }
      const own = states[k];
      if (!own && k > 0) continue;
      load(row, own);
      if (steps[k]!.condition(0) !== true) continue;
      const rec = extend(k);
      const state = own ?? { matchId: part.nextMatchId++, records: [] };
      state.records[k] = rec;
      states[k] = state;
      emit(k, rec, state.matchId);
    }
  }

  const rows = out.filter((r): r is { rec: Rec; matchId: number } => r !== null);
  rc.checkRows(rows.length, 'scan');
  const data = plan.outputs.map((src) => rows.map((r) => (src < 0 ? r.matchId : r.rec[src])));
  return { columns: plan.columns, data, rowCount: rows.length };
}
