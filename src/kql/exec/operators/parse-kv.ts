/** parse-kv: key/value pairs read from text (by a regex, or by delimiters and quotes) into typed columns. */
import { forwardColumns, type Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { castValue, nullOf } from '../cast.ts';

type ParseKvPlan = Extract<Plan, { op: 'parsekv' }>;

/** Reads key/value pairs from text: with a regex (key and value groups), or by delimiters and quotes. */
function readPairs(text: string, plan: ParseKvPlan): Map<string, string> {
  const out = new Map<string, string>();
  if (plan.regex) {
    plan.regex.lastIndex = 0;
    for (const m of text.matchAll(plan.regex)) if (m[1] !== undefined && !out.has(m[1])) out.set(m[1], m[2] ?? '');
    return out;
  }
  const kv = plan.kvDelimiter;
  const pair = plan.pairDelimiter;
  const isKv = (i: number) => (kv ? text.startsWith(kv, i) : text[i] === ':' || text[i] === '=');
  const kvLen = kv ? kv.length : 1;
  const isPair = (i: number) => (pair ? text.startsWith(pair, i) : /[\s,;]/.test(text[i]!));
  const readQuoted = (i: number): [string, number] | null => {
    const q = plan.quotes.find(([open]) => text[i] === open);
    if (!q) return null;
    let s = '';
    let j = i + 1;
    while (j < text.length && text[j] !== q[1]) {
      if (plan.escape && text[j] === plan.escape && j + 1 < text.length) j++;
      s += text[j++];
    }
    return [s, j + 1];
  };
  // greedy: a pair delimiter ends a value only when a key and the kv delimiter follow it
  const pairLen = pair ? pair.length : 1;
  const startsPair = (p: number): boolean => {
    let j = p + pairLen;
    while (j < text.length && !isKv(j) && !isPair(j)) j++;
    return j > p + pairLen && j < text.length && isKv(j);
  };
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (isPair(i) || text[i] === ' ')) i++;
    if (i >= text.length) break;
    // key: quoted, or up to the kv delimiter (a pair delimiter first means this token has no value)
    let key: string;
    const keyStart = i;
    const qk = readQuoted(i);
    if (qk) [key, i] = qk;
    else {
      const start = i;
      while (i < text.length && !isKv(i) && !isPair(i)) i++;
      key = text.slice(start, i);
    }
    let j = i;
    while (j < text.length && text[j] === ' ' && !(kv && text.startsWith(kv, j))) j++;
    if (j >= text.length || !isKv(j)) {
      i = Math.max(j, keyStart + 1); // not a pair: go on from the next token
      continue;
    }
    i = j + kvLen;
    while (i < text.length && text[i] === ' ') i++;
    let value: string;
    const qv = readQuoted(i);
    if (qv) [value, i] = qv;
    else {
      const start = i;
      while (i < text.length && !(isPair(i) && (!plan.greedy || startsPair(i)))) i++;
      value = text.slice(start, i).trim();
    }
    if (!out.has(key.trim())) out.set(key.trim(), value);
  }
  return out;
}

export function executeParseKv(plan: ParseKvPlan, input: Table, compile: ExprCompiler): Table {
  const src = evaluateColumn(compile(plan.source), input);
  const n = input.rowCount;
  const data = forwardColumns(input.data, plan.columns.length);
  const cols = plan.keys.map(() => new Array(n));
  for (let i = 0; i < n; i++) {
    const v = src[i];
    const pairs = readPairs(typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v), plan);
    plan.keys.forEach((k, j) => {
      const raw = pairs.get(k.name);
      cols[j]![i] = raw === undefined ? nullOf(k.type) : castValue(raw, k.type);
    });
  }
  plan.keys.forEach((k, j) => { data[k.index] = cols[j]!; });
  return { columns: plan.columns, data, rowCount: n };
}
