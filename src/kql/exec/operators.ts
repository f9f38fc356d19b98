/** Execution of the less common operators: join, mv-expand, mv-apply, parse, make-series, bag_unpack, ... */
import { readFileSync } from 'node:fs';
import { basename, join as joinPath, resolve, sep } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { KqlError } from '../engine-api.ts';
import type { ColumnSchema, ScalarTypeName } from '../schema.ts';
import { emptyTable, forwardColumns, gatherRows, lazyColumns, type Table } from '../data/table.ts';
import type { CallSite } from '../functions/registry.ts';
import { RUNTIME_COLUMNS, type Expr, type Plan } from '../plan/nodes.ts';
import { evaluateColumn, type Compiled } from './compile.ts';
import type { RunContext } from './context.ts';
import { GroupIndex } from './group.ts';
import { executeScan } from './scan.ts';
import { castValue, toDynamicElement } from './cast.ts';

type Exec = (p: Plan, rc: RunContext) => Table;
type Compile = (e: Expr) => Compiled;

export function executeExtra(plan: Plan, rc: RunContext, exec: Exec, compile: Compile): Table {
  switch (plan.op) {
    case 'join':
      return join(plan, rc, exec, compile);
    case 'mvexpand':
      return mvExpand(plan, exec(plan.input, rc), rc, compile);
    case 'mvapply':
      return mvApply(plan, rc, exec, compile);
    case 'parse':
      return parse(plan, exec(plan.input, rc), compile);
    case 'makeseries':
      return makeSeries(plan, exec(plan.input, rc), rc, compile);
    case 'pivot':
      return pivot(plan, exec(plan.input, rc), rc, compile);
    case 'parsekv':
      return parseKv(plan, exec(plan.input, rc), compile);
    case 'bagunpack':
      return bagUnpack(plan, exec(plan.input, rc));
    case 'getschema':
      return getSchema(plan, exec(plan.input, rc));
    case 'externaldata':
      return externalData(plan, rc);
    case 'scan':
      return executeScan(plan, exec(plan.input, rc), rc, compile);
    default:
      throw new KqlError('KQL_UNSUPPORTED', `operator ${plan.op} is not supported by the local engine`);
  }
}

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

function join(plan: JoinPlan, rc: RunContext, exec: Exec, compile: Compile): Table {
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

function nullOf(type: ScalarTypeName): unknown {
  return type === 'string' ? '' : null;
}

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

/** The elements an mv-expand item yields for one value: array elements, bag entries, or the value itself. */
function elementsOf(v: unknown, bagKind: 'bag' | 'array'): unknown[] {
  if (v === null || v === undefined) return [null];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => (bagKind === 'array' ? [k, x] : { [k]: x }));
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[') || t.startsWith('{')) {
      try {
        return elementsOf(JSON.parse(t), bagKind);
      } catch {
        return [v];
      }
    }
  }
  return [v];
}

function mvExpand(plan: Extract<Plan, { op: 'mvexpand' }>, input: Table, rc: RunContext, _compile: Compile): Table {
  const n = input.rowCount;
  const items = plan.items;
  // pass 1: the element lists of every row, and the output size
  const lists = items.map((it) => {
    const col = input.data[it.index]!;
    const out = new Array<unknown[]>(n);
    for (let i = 0; i < n; i++) out[i] = elementsOf(col[i], it.bagKind);
    return out;
  });
  const lengths = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let len = 0;
    for (const l of lists) if (l[i]!.length > len) len = l[i]!.length;
    len = Math.min(len, plan.limit); // an empty array or bag yields no row
    lengths[i] = len;
    total += len;
  }
  rc.checkRows(total, 'mv-expand');
  rc.tick(n);
  // pass 2: source row and element number of every output row
  const rowOf = new Int32Array(total);
  const elemOf = new Int32Array(total);
  for (let i = 0, r = 0; i < n; i++) {
    for (let e = 0; e < lengths[i]!; e++, r++) {
      rowOf[r] = i;
      elemOf[r] = e;
    }
  }
  const data = lazyColumns(plan.columns.length, (c) => {
    if (c >= input.data.length) return [];
    const src = input.data[c]!;
    const out = new Array(total);
    for (let r = 0; r < total; r++) out[r] = src[rowOf[r]!];
    return out;
  });
  items.forEach((it, k) => {
    const l = lists[k]!;
    const out = new Array(total);
    const cast = it.cast;
    for (let r = 0; r < total; r++) {
      const list = l[rowOf[r]!]!;
      const e = elemOf[r]!;
      const v = e < list.length ? list[e] : null;
      out[r] = cast ? castValue(v, cast) : v ?? null;
    }
    data[it.index] = out;
  });
  if (plan.itemIndex !== null) data[plan.itemIndex] = Array.from(elemOf);
  return { columns: plan.columns, data, rowCount: total };
}

function mvApply(plan: Extract<Plan, { op: 'mvapply' }>, rc: RunContext, exec: Exec, compile: Compile): Table {
  const input = exec(plan.input, rc);
  const out: unknown[][] = plan.columns.map(() => []);
  let rows = 0;
  const expandPlan = { op: 'mvexpand' as const, columns: plan.rowColumns, input: plan.input,
    items: plan.items.map((it) => ({ ...it, bagKind: 'bag' as const })), limit: Number.MAX_SAFE_INTEGER, itemIndex: plan.itemIndex };
  for (let i = 0; i < input.rowCount; i++) {
    const one: Table = { columns: input.columns, data: input.data.map((c) => [c[i]]), rowCount: 1 };
    const rowTable = mvExpand(expandPlan, one, rc, compile);
    rc.materialized.set(plan.inputId, rowTable);
    const sub = exec(plan.subquery, rc);
    plan.columns.forEach((c, j) => {
      const si = sub.columns.findIndex((x) => x.name === c.name);
      const ii = input.columns.findIndex((x) => x.name === c.name);
      for (let r = 0; r < sub.rowCount; r++) out[j]!.push(si >= 0 ? sub.data[si]![r] : ii >= 0 ? input.data[ii]![i] : null);
    });
    rows += sub.rowCount;
    rc.tick(sub.rowCount + 1);
  }
  rc.materialized.delete(plan.inputId);
  return { columns: plan.columns, data: out, rowCount: rows };
}

function parse(plan: Extract<Plan, { op: 'parse' }>, input: Table, compile: Compile): Table {
  const src = evaluateColumn(compile(plan.source), input);
  const n = input.rowCount;
  const data = forwardColumns(input.data, plan.columns.length);
  const targetCols = plan.targets.map(() => new Array(n));
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = src[i];
    const text = typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    const m = plan.regex.exec(text);
    let ok = m !== null;
    const values = plan.targets.map((t) => {
      if (!m) return undefined;
      const raw = m[t.group] ?? '';
      const cv = t.type === 'string' ? raw : castValue(raw, t.type);
      if (cv === null && t.type !== 'string') {
        if (plan.kind === 'relaxed') return null;
        ok = false;
      }
      return cv;
    });
    if (!ok && plan.dropFailures) continue;
    keep.push(i);
    plan.targets.forEach((t, k) => {
      targetCols[k]![i] = ok ? values[k] : nullOf(t.type);
    });
  }
  plan.targets.forEach((t, k) => { data[t.index] = targetCols[k]!; });
  const table: Table = { columns: plan.columns, data, rowCount: n };
  if (!plan.dropFailures || keep.length === n) return table;
  return gatherRows(table, keep);
}

function pivot(plan: Extract<Plan, { op: 'pivot' }>, input: Table, rc: RunContext, compile: Compile): Table {
  const n = input.rowCount;
  const pivotValues = evaluateColumn(compile(plan.pivot), input);
  const groups = new GroupIndex(Math.max(plan.keys.length, 1));
  const keyValues: unknown[][] = plan.keys.map(() => []);
  const groupOf = new Int32Array(n);
  const keys = new Array(plan.keys.length);
  if (plan.keys.length === 0 && n > 0) groups.count = 1;
  for (let i = 0; i < n; i++) {
    if (plan.keys.length === 0) continue;
    plan.keys.forEach((c, k) => { keys[k] = input.data[c]![i]; });
    const before = groups.count;
    const g = groups.lookup(keys);
    if (g === before) plan.keys.forEach((_, k) => keyValues[k]!.push(keys[k] ?? null));
    groupOf[i] = g;
  }
  const { impl, args: argExprs, site: staticSite } = plan.aggregate;
  const argFns = argExprs.map((a) => compile(a));
  const site: CallSite = { ...staticSite, constants: argFns.map((a) => (a.isConst ? a.value : undefined)), now: rc.now };
  const fns = argFns.map((a) => a.prepare(input.data, n));
  // one column per distinct pivot value (named by its text, in name order), one state per group and column
  const names = new Map<string, Map<number, unknown>>();
  const args = new Array(fns.length);
  for (let i = 0; i < n; i++) {
    const pv = pivotValues[i];
    const name = pv === null || pv === undefined ? '' : typeof pv === 'object' ? JSON.stringify(pv) : String(pv);
    let states = names.get(name);
    if (!states) names.set(name, (states = new Map()));
    const g = groupOf[i]!;
    for (let k = 0; k < fns.length; k++) args[k] = fns[k]!(i);
    states.set(g, impl!.add(states.has(g) ? states.get(g) : impl!.init(site), args, site));
  }
  rc.tick(n);
  const sorted = [...names.keys()].sort();
  const empty = impl!.result(impl!.init(site), site);
  const bags = new Array(groups.count);
  for (let g = 0; g < groups.count; g++) {
    const bag: Record<string, unknown> = {};
    for (const name of sorted) {
      const states = names.get(name)!;
      bag[name] = toDynamicElement(states.has(g) ? impl!.result(states.get(g), site) : empty, site.resultType);
    }
    bags[g] = bag;
  }
  return { columns: plan.columns, data: [...keyValues, bags], rowCount: groups.count };
}

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
      while (i < text.length && !isPair(i)) i++;
      value = text.slice(start, i).trim();
    }
    if (!out.has(key.trim())) out.set(key.trim(), value);
  }
  return out;
}

function parseKv(plan: ParseKvPlan, input: Table, compile: Compile): Table {
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

function makeSeries(plan: Extract<Plan, { op: 'makeseries' }>, input: Table, rc: RunContext, compile: Compile): Table {
  const n = input.rowCount;
  const value = (e: Expr | null) => {
    if (!e) return null;
    const c = compile(e);
    return c.isConst ? c.value : c.prepare([], 1)(0);
  };
  const axis = evaluateColumn(compile(plan.axis), input) as (number | null)[];
  let from = value(plan.from) as number | null;
  let to = value(plan.to) as number | null;
  const step = Number(value(plan.step));
  if (!(step > 0)) throw new KqlError('KQL_RUNTIME', 'make-series needs a positive step');
  if (from === null || to === null) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of axis) if (typeof v === 'number') { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (from === null) from = Number.isFinite(lo) ? Math.floor(lo / step) * step : 0;
    if (to === null) to = Number.isFinite(hi) ? hi + step : from;
  }
  const bins = Math.max(0, Math.ceil((to - from) / step));
  if (bins > 10_000_000) throw new KqlError('KQL_LIMIT', `make-series would create ${bins} bins; use a larger step`);
  const keyCols = plan.keys.map((e) => evaluateColumn(compile(e), input));
  const groups = new GroupIndex(Math.max(keyCols.length, 1));
  const keyValues: unknown[][] = keyCols.map(() => []);
  const groupOf = new Int32Array(n);
  const keys = new Array(keyCols.length);
  // without `by`, one series even over no rows (when the range is known)
  if (keyCols.length === 0 && (n > 0 || (plan.from && plan.to))) groups.count = 1;
  for (let i = 0; i < n; i++) {
    if (keyCols.length === 0) { groupOf[i] = 0; continue; }
    for (let k = 0; k < keyCols.length; k++) keys[k] = keyCols[k]![i];
    const before = groups.count;
    const g = groups.lookup(keys);
    if (g === before) keyCols.forEach((_, k) => keyValues[k]!.push(keys[k] ?? null));
    groupOf[i] = g;
  }
  const groupCount = groups.count;
  const seriesCols = plan.aggregates.map(({ spec, defaultValue }) => {
    const impl = spec.impl!;
    const argFns = spec.args.map((a) => compile(a));
    const site: CallSite = { ...spec.site, constants: argFns.map((a) => (a.isConst ? a.value : undefined)), now: rc.now };
    const fns = argFns.map((a) => a.prepare(input.data, n));
    // one state slot per (series, bin): an array when small enough, else a Map
    const slots = groupCount * bins;
    const dense = slots <= 4_000_000;
    const arr: unknown[] = dense ? new Array(slots) : [];
    const map = new Map<number, unknown>();
    const states = {
      has: (k: number) => (dense ? arr[k] !== undefined : map.has(k)),
      get: (k: number) => (dense ? arr[k] : map.get(k)),
    };
    const args = new Array(fns.length);
    for (let i = 0; i < n; i++) {
      const t = axis[i];
      if (typeof t !== 'number') continue;
      const b = Math.floor((t - from!) / step);
      if (b < 0 || b >= bins) continue;
      const slot = groupOf[i]! * bins + b;
      for (let k = 0; k < fns.length; k++) args[k] = fns[k]!(i);
      if (dense) {
        const st = arr[slot];
        arr[slot] = impl.add(st === undefined ? impl.init(site) : st, args, site);
      } else map.set(slot, impl.add(map.has(slot) ? map.get(slot) : impl.init(site), args, site));
    }
    const def = value(defaultValue);
    const out = new Array(groupCount);
    for (let g = 0; g < groupCount; g++) {
      const arr = new Array(bins);
      for (let b = 0; b < bins; b++) {
        const slot = g * bins + b;
        arr[b] = states.has(slot) ? toDynamicElement(impl.result(states.get(slot), site), site.resultType) : toDynamicElement(def, site.resultType);
      }
      out[g] = arr;
    }
    rc.tick(n);
    return out;
  });
  const axisIsDatetime = plan.axis.type === 'datetime';
  const axisValues = new Array(bins);
  for (let b = 0; b < bins; b++) axisValues[b] = toDynamicElement(from + b * step, axisIsDatetime ? 'datetime' : plan.axis.type);
  const axisCol = new Array(groupCount).fill(axisValues);
  if (groupCount === 0 && keyCols.length === 0) return emptyTable(plan.columns);
  return { columns: plan.columns, data: [...keyValues, ...seriesCols, axisCol], rowCount: groupCount };
}

function inferType(values: unknown[]): ScalarTypeName {
  let t: ScalarTypeName | null = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const vt: ScalarTypeName = typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool'
      : typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'real') : 'dynamic';
    if (t === null) t = vt;
    else if (t !== vt) t = (t === 'long' && vt === 'real') || (t === 'real' && vt === 'long') ? 'real' : 'dynamic';
  }
  return t ?? 'dynamic';
}

function bagUnpack(plan: Extract<Plan, { op: 'bagunpack' }>, input: Table): Table {
  const bagCol = input.data[plan.bag]!;
  if (plan.fixed) {
    // the declared schema: kept columns by name, the rest from the bag's keys, cast to the declared types
    const data = plan.columns.map((c) => {
      const kept = plan.keep.find((i) => input.columns[i]!.name === c.name);
      if (kept !== undefined) return input.data[kept]!;
      const key = c.name.startsWith(plan.prefix) ? c.name.slice(plan.prefix.length) : c.name;
      return bagCol.map((v) => castValue(v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] ?? null : null, c.type));
    });
    return { columns: plan.columns, data, rowCount: input.rowCount };
  }
  // the kept columns, then the bags themselves (expanded into columns when they reach the result)
  const bags = bagCol.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}));
  return { columns: plan.columns, data: [...plan.keep.map((i) => input.data[i]!), bags], rowCount: input.rowCount };
}

/**
 * Expands a hidden run-time column (see RUNTIME_COLUMNS) into one column per key, in name order, typed by their
 * values; keys that clash with an existing column are left out.
 */
export function expandRuntimeColumns(t: Table): Table {
  const h = t.columns.findIndex((c) => c.name.startsWith(RUNTIME_COLUMNS));
  if (h < 0) return t;
  const prefix = t.columns[h]!.name.slice(RUNTIME_COLUMNS.length);
  const bagCol = t.data[h]!;
  const seen = new Set<string>();
  for (let i = 0; i < t.rowCount; i++) {
    const v = bagCol[i];
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) seen.add(k);
  }
  const keptNames = new Set(t.columns.filter((_, i) => i !== h).map((c) => c.name));
  const keys = [...seen].filter((k) => !keptNames.has(prefix + k)).sort();
  const newCols = keys.map((k) => bagCol.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] ?? null : null)));
  const columns: ColumnSchema[] = [];
  const data: unknown[][] = [];
  t.columns.forEach((c, i) => {
    if (i === h) {
      keys.forEach((k, j) => {
        const type = inferType(newCols[j]!);
        columns.push({ name: prefix + k, type });
        data.push(type === 'string' ? newCols[j]!.map((v) => v ?? '') : newCols[j]!);
      });
    } else {
      columns.push(c);
      data.push(t.data[i]!);
    }
  });
  return expandRuntimeColumns({ columns, data, rowCount: t.rowCount });
}

const DOTNET_TYPES: Record<ScalarTypeName, string> = {
  bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
};

function getSchema(plan: Extract<Plan, { op: 'getschema' }>, input: Table): Table {
  const cols = input.columns;
  return {
    columns: plan.columns,
    data: [cols.map((c) => c.name), cols.map((_, i) => i), cols.map((c) => DOTNET_TYPES[c.type]), cols.map((c) => c.type)],
    rowCount: cols.length,
  };
}

/** externaldata: the URL's file name is read from EngineOptions.externalDataRoot; the network is never used. */
function externalData(plan: Extract<Plan, { op: 'externaldata' }>, rc: RunContext): Table {
  const root = rc.externalDataRoot;
  if (!root) {
    throw new KqlError('KQL_DATA', `externaldata: no local directory configured for ${plan.urls[0] ?? 'the URL'}; set externalDataRoot (the engine never reads the network)`);
  }
  const [format, skip] = plan.format.split(':');
  const data: unknown[][] = plan.columns.map(() => []);
  let rowCount = 0;
  for (const url of plan.urls) {
    const name = basename(url.split(/[?#]/)[0]!);
    const file = resolve(joinPath(root, name));
    if (!file.startsWith(resolve(root) + sep)) throw new KqlError('KQL_DATA', `externaldata: ${url} does not map to a file under ${root}`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new KqlError('KQL_DATA', `externaldata: ${url} maps to ${file}, which cannot be read; put the file there`);
    }
    let records: Record<string, unknown>[] | unknown[][];
    if (format === 'json' || format === 'multijson') {
      records = text.split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
        try { return JSON.parse(l) as Record<string, unknown>; } catch { throw new KqlError('KQL_DATA', `${file}:${i + 1}: not valid JSON`); }
      });
    } else {
      const delimiter = format === 'tsv' ? '\t' : format === 'txt' ? '\u0001' : ',';
      records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown[][];
      if (skip) records = records.slice(1);
    }
    for (const r of records) {
      plan.columns.forEach((c, j) => {
        const raw = Array.isArray(r) ? r[j] : (r as Record<string, unknown>)[c.name];
        data[j]!.push(c.type === 'string' ? (raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw)) : castValue(raw, c.type));
      });
      rowCount++;
    }
  }
  return { columns: plan.columns, data, rowCount };
}
