/**
 * `npm run real-rules -- DIR [--schemas DIR]... [--functions DIR]... [--rows N] [--json FILE] [--list CLASS] [--only TEXT]`
 *
 * How many real Sentinel analytic rules the local engine runs. DIR is a checkout of Azure/Azure-Sentinel (or any
 * folder of rule YAMLs): the rules are the YAMLs under Detections/ and Solutions/<solution>/Analytic Rules/ (every
 * YAML under DIR when it has neither folder). Table schemas (CustomTables JSON, `{Name, Properties}`) come from
 * DIR/.script/tests/KqlvalidationsTests/CustomTables, this project's schemas/tables and every --schemas folder;
 * workspace functions from DIR/.script/tests/KqlvalidationsTests/CustomFunctions (`{FunctionName,
 * FunctionParameters, FunctionResultColumns}`: the function returns an empty table of its result columns), this
 * project's schemas/functions and every --functions folder.
 *
 * A rule is measured when every table and function it names has a schema and it reads no external data
 * (externaldata, http plugins). A measured rule runs when it binds and executes without error over empty tables and
 * over generated tables (N rows of typed values per table, seeded). The rest are listed by failure class (--list CLASS
 * prints every file of the classes whose name contains CLASS; --only TEXT measures only the files whose path has it). Not part
 * of `npm test`; exit code 0 whatever the figure (a measurement, not a gate).
 */
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  createDatabase, createEngine, KqlError, mergeSchemas, parseTableSchema, type FunctionDefinition, type TableSchema,
} from '../src/kql/index.ts';
import { generateRows } from './real-rules-data.ts';

interface Options { dir: string; schemas: string[]; functions: string[]; rows: number; json?: string; list?: string; only?: string }

function parseArgs(argv: string[]): Options {
  const o: Options = { dir: '', schemas: [], functions: [], rows: 20 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v!;
    };
    if (a === '--schemas') o.schemas.push(next());
    else if (a === '--functions') o.functions.push(next());
    else if (a === '--rows') o.rows = Number(next());
    else if (a === '--json') o.json = next();
    else if (a === '--list') o.list = next();
    else if (a === '--only') o.only = next();
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else o.dir = a;
  }
  if (!o.dir) fail('usage: npm run real-rules -- DIR [--schemas DIR]... [--functions DIR]... [--rows N] [--json FILE] [--list CLASS] [--only TEXT]');
  if (!existsSync(o.dir) || !statSync(o.dir).isDirectory()) fail(`${o.dir} is not a folder`);
  if (!Number.isInteger(o.rows) || o.rows < 0) fail('--rows needs a non-negative integer');
  return o;
}

function fail(message: string): never {
  console.error(`real-rules: ${message}`);
  process.exit(2);
}

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (keep(p)) out.push(p);
  }
  return out;
}

const isYaml = (p: string) => /\.ya?ml$/i.test(p);

function ruleFiles(dir: string): string[] {
  const roots: string[] = [];
  if (existsSync(join(dir, 'Detections'))) roots.push(join(dir, 'Detections'));
  if (existsSync(join(dir, 'Solutions'))) {
    for (const s of readdirSync(join(dir, 'Solutions'))) {
      const rules = join(dir, 'Solutions', s, 'Analytic Rules');
      if (existsSync(rules) && statSync(rules).isDirectory()) roots.push(rules);
    }
  }
  if (!roots.length) roots.push(dir);
  return roots.flatMap((r) => walk(r, isYaml)).sort();
}

const warnings: string[] = [];

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    warnings.push(`${file}: not valid JSON (${(e as Error).message}); skipped`);
    return undefined;
  }
}

function loadTables(dirs: string[]): TableSchema[] {
  const lists: TableSchema[][] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const list: TableSchema[] = [];
    for (const file of walk(dir, (p) => p.endsWith('.json'))) {
      const json = readJson(file);
      if (json === undefined) continue;
      try {
        const t = parseTableSchema(json, file);
        const seen = new Set<string>();
        const columns = t.columns.filter((c) => !seen.has(c.name) && Boolean(seen.add(c.name)));
        if (columns.length < t.columns.length) warnings.push(`${file}: a column is declared twice; the first declaration kept`);
        list.push({ name: t.name, columns });
      } catch (e) {
        warnings.push(`${(e as Error).message}; skipped`);
      }
    }
    lists.push(list);
  }
  return mergeSchemas(...lists);
}

const KQL_TYPES = new Set(['bool', 'boolean', 'int', 'long', 'real', 'double', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic']);
const kqlType = (t: unknown) => {
  const s = String(t ?? 'string').toLowerCase().replace(/^system\./, '');
  return KQL_TYPES.has(s) ? s : s === 'int32' ? 'int' : s === 'int64' ? 'long' : 'dynamic';
};
const NULL_OF: Record<string, string> = { string: "''", dynamic: 'dynamic(null)' };

/** A workspace function from either format: this project's {Name, Parameters, Body} or Azure-Sentinel's CustomFunctions. */
function toFunction(json: Record<string, unknown>): FunctionDefinition | null {
  if (typeof json.Name === 'string' && typeof json.Body === 'string') {
    return { name: json.Name, parameters: typeof json.Parameters === 'string' ? json.Parameters : '()', body: json.Body };
  }
  if (typeof json.FunctionName !== 'string') return null;
  const params = (Array.isArray(json.FunctionParameters) ? json.FunctionParameters : []) as Record<string, unknown>[];
  const columns = (Array.isArray(json.FunctionResultColumns) ? json.FunctionResultColumns : []) as Record<string, unknown>[];
  const paramText = params.map((p) => {
    const type = kqlType(p.Type ?? p.type);
    const required = (p.IsRequired ?? p.isRequired) === true;
    return `${String(p.Name ?? p.name)}:${type}${required ? '' : ` = ${NULL_OF[type] ?? `${type}(null)`}`}`;
  });
  const cols = columns.map((c) => `['${String(c.Name ?? c.name).replace(/'/g, "\\'")}']:${kqlType(c.Type ?? c.type)}`);
  return { name: json.FunctionName, parameters: `(${paramText.join(', ')})`, body: `datatable(${cols.join(', ') || 'x:string'})[]` };
}

function loadFunctions(dirs: string[]): FunctionDefinition[] {
  const byName = new Map<string, FunctionDefinition>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of walk(dir, (p) => p.endsWith('.json'))) {
      const json = readJson(file);
      const f = json && typeof json === 'object' ? toFunction(json as Record<string, unknown>) : null;
      if (f) byName.set(f.name, f);
      else if (json !== undefined) warnings.push(`${file}: not a function definition; skipped`);
    }
  }
  return [...byName.values()];
}

type Outcome =
  | { status: 'runs' }
  | { status: 'excluded'; why: string }
  | { status: 'fails'; klass: string; message: string };

/** Unknown names: a table or function without a schema (the rule is not measured). */
const UNKNOWN_NAME = /does not refer to any known (table|function|column, table, variable or function)|is not a (table|function)|The (table|function|name) '[^']+' (is not defined|does not exist)/i;
const EXTERNAL = /\bexternaldata\b|\bexternal_table\s*\(|\bevaluate\s+(http_request|http_request_post|sql_request|python|r)\b|\bcluster\s*\(|\bworkspace\s*\(|\bapp\s*\(|\badx\s*\(/i;

function classify(e: unknown): { klass: string; message: string } {
  const message = (e as Error)?.message ?? String(e);
  if (e instanceof KqlError) {
    if (message.startsWith('internal error')) return { klass: `internal: ${message.slice(16, 96)}`, message };
    const unsupported = /^(.*? is not supported)/.exec(message);
    if (e.code === 'KQL_UNSUPPORTED' && unsupported) return { klass: `unsupported: ${unsupported[1]}`, message };
    const syntax = /^(KS\d+)[^:]*: (.*)$/.exec(message);
    if (e.code === 'KQL_SYNTAX' && syntax) return { klass: `bind ${syntax[1]}: ${syntax[2]!.replace(/'[^']*'/g, "'…'").slice(0, 80)}`, message };
    return { klass: `${e.code}: ${message.replace(/'[^']*'|"[^"]*"/g, '…').replace(/\d+/g, 'N').slice(0, 80)}`, message };
  }
  return { klass: `crash: ${message.slice(0, 80)}`, message };
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const here = resolve(import.meta.dirname, '..');
  const validation = join(o.dir, '.script', 'tests', 'KqlvalidationsTests');
  const tables = loadTables([join(validation, 'CustomTables'), join(here, 'schemas', 'tables'), ...o.schemas]);
  const functions = loadFunctions([join(validation, 'CustomFunctions'), join(here, 'schemas', 'functions'), ...o.functions]);
  const engine = createEngine({ tables, functions });
  const empty = createDatabase([]);
  const generated = createDatabase(tables.map((schema, i) => ({ schema, rows: generateRows(schema, o.rows, 20261203 + i) })));
  const files = ruleFiles(o.dir).filter((f) => !o.only || f.includes(o.only));
  const started = process.cpuUsage();
  const results: { file: string; outcome: Outcome }[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, 'utf8'));
    } catch (e) {
      results.push({ file, outcome: { status: 'excluded', why: `YAML does not parse (${(e as Error).message.split('\n')[0]})` } });
      continue;
    }
    const query = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).query : undefined;
    if (typeof query !== 'string' || !query.trim()) {
      results.push({ file, outcome: { status: 'excluded', why: 'not a rule (no query)' } });
      continue;
    }
    results.push({ file, outcome: measure(query) });
  }

  function measure(query: string): Outcome {
    if (EXTERNAL.test(query)) return { status: 'excluded', why: 'reads external data' };
    let diagnostics;
    try {
      diagnostics = engine.diagnose(query);
    } catch (e) {
      return { status: 'fails', ...classify(e) };
    }
    const unknown = diagnostics.find((d) => UNKNOWN_NAME.test(d.message));
    if (unknown) return { status: 'excluded', why: 'a table or function without a schema' };
    try {
      engine.run(query, empty, { now: '2024-09-20T00:00:00Z', timeoutMs: 20_000, maxRows: 1_000_000 });
      engine.run(query, generated, { now: '2024-09-20T00:00:00Z', timeoutMs: 20_000, maxRows: 1_000_000 });
      return { status: 'runs' };
    } catch (e) {
      if (/union isfuzzy=true: none of its operands is a known table/.test((e as Error).message)) return { status: 'excluded', why: 'a table or function without a schema' };
      return { status: 'fails', ...classify(e) };
    }
  }

  const cpu = process.cpuUsage(started);
  const measured = results.filter((r) => r.outcome.status !== 'excluded');
  const runs = measured.filter((r) => r.outcome.status === 'runs');
  const excluded = new Map<string, number>();
  const failures = new Map<string, string[]>();
  for (const r of results) {
    if (r.outcome.status === 'excluded') excluded.set(r.outcome.why.replace(/ \(.*\)$/, ''), (excluded.get(r.outcome.why.replace(/ \(.*\)$/, '')) ?? 0) + 1);
    if (r.outcome.status === 'fails') {
      const list = failures.get(r.outcome.klass) ?? [];
      list.push(relative(o.dir, r.file));
      failures.set(r.outcome.klass, list);
    }
  }
  const pct = measured.length ? ((runs.length / measured.length) * 100).toFixed(1) : '0.0';
  console.log(`real-rules: ${files.length} rule files under ${o.dir}; ${tables.length} table schemas, ${functions.length} functions`);
  console.log(`real-rules: ${runs.length}/${measured.length} measured rules run (${pct}%) over empty and generated data (${o.rows} rows a table); ` +
    `${(cpu.user / 1e6).toFixed(1)} s user CPU`);
  for (const [why, n] of [...excluded].sort((a, b) => b[1] - a[1])) console.log(`  not measured [${n}]: ${why}`);
  for (const [klass, list] of [...failures].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  fails [${list.length}] ${klass}: ${list.slice(0, 3).map((f) => basename(f)).join(', ')}${list.length > 3 ? ', …' : ''}`);
    if (o.list && klass.includes(o.list)) for (const f of list) console.log(`      ${f}`);
  }
  if (warnings.length) console.log(`real-rules: ${warnings.length} schema warnings (first: ${warnings[0]})`);
  if (o.json) {
    writeFileSync(o.json, JSON.stringify(results.map((r) => ({ file: relative(o.dir, r.file), ...r.outcome })), null, 2));
  }
}

main();
