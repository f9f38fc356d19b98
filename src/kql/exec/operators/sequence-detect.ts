/**
 * evaluate sequence_detect(time, maxStep, maxSpan, e1, e2, ..., dim1, ...): per dimension tuple, every chain of
 * rows r1, ..., rn in time order where r_k satisfies predicate e_k, each step follows the previous one by more than
 * zero and at most maxStep, and the whole chain spans at most maxSpan (as the reference's StormEvents example
 * shows, a row may take part in several chains). One output row per chain: the dimensions, the time of each step,
 * Duration (last minus first). Rows with a null time or null predicate take no part. At most 1,000,000 chains.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { valueKey } from '../../functions/common/values.ts';

const MAX_CHAINS = 1_000_000;

export function executeSequenceDetect(plan: Extract<Plan, { op: 'seqdetect' }>, input: Table, compile: ExprCompiler): Table {
  const constant = (e: typeof plan.maxStep) => {
    const c = compile(e);
    return Number(c.isConst ? c.value : c.prepare([], 1)(0));
  };
  const maxStep = constant(plan.maxStep);
  const maxSpan = constant(plan.maxSpan);
  const time = evaluateColumn(compile(plan.time), input) as (number | null)[];
  const preds = plan.predicates.map((p) => evaluateColumn(compile(p), input));
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  // rows by dimension tuple, in time order
  const groups = new Map<string, number[]>();
  for (let i = 0; i < input.rowCount; i++) {
    if (typeof time[i] !== 'number') continue;
    const key = dims.map((d) => valueKey(d[i])).join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const out: { first: number; steps: number[] }[] = [];
  for (const rows of groups.values()) {
    rows.sort((a, b) => time[a]! - time[b]!);
    const extend = (chain: number[], from: number) => {
      const k = chain.length;
      if (k === preds.length) {
        if (out.length >= MAX_CHAINS) throw new KqlError('KQL_LIMIT', `sequence_detect found more than ${MAX_CHAINS} sequences; narrow the input or the windows`);
        out.push({ first: chain[0]!, steps: [...chain] });
        return;
      }
      const prev = k ? time[chain[k - 1]!]! : null;
      const start = k ? time[chain[0]!]! : null;
      for (let j = from; j < rows.length; j++) {
        const r = rows[j]!;
        const t = time[r]!;
        if (prev !== null && (t - prev > maxStep || t - start! > maxSpan)) break;
        if (preds[k]![r] !== true || (prev !== null && t <= prev)) continue;
        chain.push(r);
        extend(chain, j + 1);
        chain.pop();
      }
    };
    extend([], 0);
  }
  const data = [
    ...dims.map((d) => out.map((c) => d[c.first])),
    ...preds.map((_, k) => out.map((c) => time[c.steps[k]!])),
    out.map((c) => time[c.steps[c.steps.length - 1]!]! - time[c.steps[0]!]!),
  ];
  return { columns: plan.columns, data, rowCount: out.length };
}
