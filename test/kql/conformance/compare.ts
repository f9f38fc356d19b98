/**
 * Compares an engine result with a conformance case's expected table, following the normalisation rules of the
 * corpus README (../shared/kql-conformance/README.md): nulls and blanks, trimmed whitespace, numbers with a
 * relative tolerance, bools spelt in several ways, datetimes and timespans compared in ticks, dynamic values
 * structurally (leniently parsed), GUIDs case-insensitively, unordered results as multisets, and notes that soften
 * a mismatch (take-without-sort, arg-ties, engine-data-dependent).
 */
import type { QueryResult } from '../../../src/kql/index.ts';
import { parseDatetime, parseTimespan } from '../../../src/kql/values/datetime.ts';

export interface ConformanceCase {
  id: string;
  doc: string;
  url: string;
  query: string;
  expected: { columns: string[]; rows: string[][] };
  ordered: boolean;
  columns_not_in_query: string[];
  features: string[];
  notes: string[];
}

export type Verdict =
  | { status: 'pass'; soft?: string }
  | { status: 'fail'; reason: string; detail: string };

interface Options { tolerance: number; setOrder: boolean }

const BLANKS = new Set(['', 'null', '(null)']);

function parseNumber(text: string): number | bigint | null {
  const t = text.trim().replace(/,(?=\d{3}\b)/g, '');
  if (/^(\+?∞|\+?inf(inity)?)$/i.test(t)) return Infinity;
  if (/^-(∞|inf(inity)?)$/i.test(t)) return -Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (/^[+-]?\d+$/.test(t) && !Number.isSafeInteger(Number(t))) return BigInt(t);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return null;
}

function numbersEqual(a: number | bigint, b: number | bigint, tolerance: number): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    try {
      return BigInt(a) === BigInt(b);
    } catch {
      return Number(a) === Number(b);
    }
  }
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-12;
}

function actualNumber(v: unknown): number | bigint | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string') return parseNumber(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

const DATETIME_RE = /^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?Z?$/;

/** Parses a doc cell as JSON, leniently: KQL single-quoted strings, trailing commas, `<br>` newlines. */
export function parseLenientJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const attempts = [text, singleToDouble(text), singleToDouble(text).replace(/,\s*([\]}])/g, '$1')];
  for (const a of attempts) {
    try {
      return { ok: true, value: JSON.parse(a) };
    } catch {
      /* next */
    }
  }
  return { ok: false };
}

function singleToDouble(text: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && i + 1 < text.length) {
        out += c + text[++i];
        continue;
      }
      if (c === quote) {
        quote = null;
        out += '"';
        continue;
      }
      out += quote === "'" && c === '"' ? '\\"' : c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      out += '"';
      continue;
    }
    out += c;
  }
  return out;
}

function dynamicEqual(expected: unknown, actual: unknown, o: Options): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (typeof expected === 'number' || typeof actual === 'number') {
    const a = actualNumber(actual);
    const e = actualNumber(expected);
    return a !== null && e !== null && typeof expected !== 'boolean' && typeof actual !== 'boolean' && numbersEqual(e, a, o.tolerance);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    if (!o.setOrder) return expected.every((e, i) => dynamicEqual(e, actual[i], o));
    const used = new Array(actual.length).fill(false);
    return expected.every((e) => {
      const j = actual.findIndex((a, k) => !used[k] && dynamicEqual(e, a, o));
      if (j < 0) return false;
      used[j] = true;
      return true;
    });
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return false;
    const ek = Object.keys(expected as object);
    const ak = Object.keys(actual as object);
    if (ek.length !== ak.length) return false;
    return ek.every((k) => Object.prototype.hasOwnProperty.call(actual, k) &&
      dynamicEqual((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], o));
  }
  if (typeof expected === 'string' && typeof actual === 'string') {
    const et = parseDatetime(expected);
    if (DATETIME_RE.test(expected.trim()) && et !== null) return et === parseDatetime(actual);
    return expected.replace(/\r\n/g, '\n') === actual.replace(/\r\n/g, '\n');
  }
  return expected === actual;
}

/** Whether one doc cell matches one engine value of the given column type. */
export function cellMatches(expectedCell: string, actual: unknown, type: string, o: Options): boolean {
  const e = expectedCell.trim();
  if (BLANKS.has(e)) {
    if (actual === null || actual === undefined) return true;
    if (type === 'string' && actual === '') return true;
    if (e === '' && type === 'dynamic' && actual === '') return true;
  }
  if ((actual === null || actual === undefined) && !(type === 'string')) return false;
  switch (type) {
    case 'int': case 'long': case 'real': case 'decimal': {
      const x = parseNumber(e);
      const a = actualNumber(actual);
      return x !== null && a !== null && numbersEqual(x, a, o.tolerance);
    }
    case 'bool': {
      const l = e.toLowerCase();
      const x = l === 'true' || l === '1' ? true : l === 'false' || l === '0' ? false : null;
      return x !== null && x === actual;
    }
    case 'datetime': {
      if (!DATETIME_RE.test(e)) return typeof actual === 'string' && e === actual.trim();
      const x = parseDatetime(e);
      return x !== null && typeof actual === 'string' && x === parseDatetime(actual);
    }
    case 'timespan': {
      const x = parseTimespan(e);
      if (x === null) return typeof actual === 'string' && e === actual;
      return typeof actual === 'string' && parseTimespan(actual) === x;
    }
    case 'guid':
      return typeof actual === 'string' && e.toLowerCase() === actual.toLowerCase();
    case 'dynamic': {
      if (/^[[{]/.test(e)) {
        const parsed = parseLenientJson(e);
        if (parsed.ok) return dynamicEqual(parsed.value, actual, o);
      }
      if (typeof actual === 'string') return e === actual.trim() || dynamicEqual(e, actual, o);
      const parsed = parseLenientJson(e);
      if (parsed.ok) return dynamicEqual(parsed.value, actual, o);
      return false;
    }
    default: {
      const a = typeof actual === 'string' ? actual : actual === null || actual === undefined ? '' : String(actual);
      return e.replace(/\r\n/g, '\n') === a.trim().replace(/\r\n/g, '\n');
    }
  }
}

function rowMatches(expected: string[], actual: unknown[], types: string[], o: Options): boolean {
  return expected.every((cell, i) => cellMatches(cell, actual[i], types[i]!, o));
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

/** The verdict for one case given the engine's result. */
export function compareResult(c: ConformanceCase, result: QueryResult): Verdict {
  const o: Options = {
    tolerance: c.notes.includes('approximate-aggregate') ? 1e-6 : 1e-9,
    setOrder: c.notes.includes('set-element-order'),
  };
  const soften = c.notes.includes('arg-ties') || c.notes.includes('engine-data-dependent');
  const fail = (reason: string, detail: string): Verdict => (soften ? { status: 'pass', soft: `${reason}: ${detail}` } : { status: 'fail', reason, detail });

  const names = result.columns.map((x) => x.name);
  const types = result.columns.map((x) => x.type);
  const exp = c.expected;
  if (names.length !== exp.columns.length) {
    return fail('column count', `expected [${exp.columns.join(', ')}], got [${names.join(', ')}]`);
  }
  let soft: string | undefined;
  for (let i = 0; i < names.length; i++) {
    if (names[i] === exp.columns[i]) continue;
    if (c.columns_not_in_query.includes(exp.columns[i]!)) soft = `column name ${exp.columns[i]} vs ${names[i]}`;
    else return fail('column names', `expected [${exp.columns.join(', ')}], got [${names.join(', ')}]`);
  }
  if (result.rows.length !== exp.rows.length) {
    return fail('row count', `expected ${exp.rows.length} rows, got ${result.rows.length}: ${show(result.rows.slice(0, 3))}`);
  }
  if (c.notes.includes('take-without-sort')) return { status: 'pass', soft };
  if (c.ordered) {
    for (let r = 0; r < exp.rows.length; r++) {
      if (!rowMatches(exp.rows[r]!, result.rows[r]!, types, o)) {
        return fail('values', `row ${r}: expected ${show(exp.rows[r])}, got ${show(result.rows[r])} (types ${types.join(',')})`);
      }
    }
    return { status: 'pass', soft };
  }
  const used = new Array(result.rows.length).fill(false);
  for (const er of exp.rows) {
    const j = result.rows.findIndex((ar, k) => !used[k] && rowMatches(er, ar, types, o));
    if (j < 0) {
      return fail('values', `no result row matches ${show(er)}; got ${show(result.rows.slice(0, 4))} (types ${types.join(',')})`);
    }
    used[j] = true;
  }
  return { status: 'pass', soft };
}

/** Cases outside the goal's scope: graph operators and functions, external (sandboxed or network) plugins. */
export function outOfScope(c: ConformanceCase): string | null {
  const graph = c.features.find((f) => /graph/.test(f) || /^fn:(inner_nodes|node_degree_in|node_degree_out|node_id|labels)$/.test(f));
  if (graph) return `graph (${graph})`;
  const external = c.features.find((f) => /^plugin:(python|r|sql_request|http_request|http_request_post|cosmosdb_sql_request|mysql_request|postgresql_request|azure_digital_twins_query_request|ai_.*)$/.test(f));
  if (external) return `external plugin (${external})`;
  return null;
}
