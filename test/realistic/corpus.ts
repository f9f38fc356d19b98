/**
 * Reads the realistic corpus: one directory per scenario under test/realistic/, each with its table files
 * (`<Table>.jsonl`) and a `scenario.yaml` (story, sources, schedule, expectations, known misses). Problems are
 * reported as `file:line:column: message` so that one bad scenario is named and the others still run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { INGESTION_TIME_FIELD } from '../../src/kql/index.ts';

export interface RuleRef { id: string; line: number; column: number }
export interface KnownMiss extends RuleRef { why: string }

export interface Scenario {
  name: string;
  dir: string;
  file: string;
  story: string;
  sources: string[];
  from: Date;
  to: Date;
  alert: RuleRef[];
  quiet: RuleRef[];
  once: RuleRef[];
  knownMisses: KnownMiss[];
  /** Rules that alert today where the scenario says they must not (or alert more than once for one event). */
  knownNoise: KnownMiss[];
}

export interface CorpusProblem { file: string; line: number; column: number; message: string }

export function formatProblem(p: CorpusProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** Reads one scenario.yaml; returns the scenario or the problems that stop it from running. */
export function readScenario(root: string, dir: string): { scenario?: Scenario; problems: CorpusProblem[] } {
  const abs = join(dir, 'scenario.yaml');
  const file = relative(root, abs).split('\\').join('/');
  const problems: CorpusProblem[] = [];
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    return { problems: [{ file, line: 1, column: 1, message: 'missing scenario.yaml: add one with story, sources, schedule and expect' }] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const at = (node: Node | null | undefined): { line: number; column: number } => {
    const pos = node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
    return { line: pos.line, column: 'col' in pos ? pos.col : 1 };
  };
  for (const e of doc.errors) {
    const pos = lc.linePos(e.pos[0]);
    problems.push({ file, line: pos.line, column: pos.col, message: `not valid YAML: ${e.message.split('\n')[0]}` });
  }
  if (problems.length) return { problems };
  const top = doc.contents;
  if (!isMap(top)) return { problems: [{ file, line: 1, column: 1, message: 'expected a mapping with story, sources, schedule and expect' }] };
  const get = (path: string[]): Node | undefined => doc.getIn(path, true) as Node | undefined;
  const need = (path: string[], what: string): Node | undefined => {
    const n = get(path);
    if (n === undefined || n === null || (n as { value?: unknown }).value === null) {
      problems.push({ file, ...at(top), message: `${path.join('.')} is missing: ${what}` });
      return undefined;
    }
    return n;
  };
  const story = need(['story'], 'a few sentences saying what happened');
  const sources = need(['sources'], 'the public sources the record shapes follow');
  const time = (key: 'from' | 'to'): Date | undefined => {
    const n = need(['schedule', key], 'an ISO-8601 time such as 2026-10-14T15:00:00Z');
    if (!n) return undefined;
    const d = new Date(String((n as { value?: unknown }).value));
    if (Number.isNaN(d.getTime())) problems.push({ file, ...at(n), message: `schedule.${key} is not an ISO-8601 time such as 2026-10-14T15:00:00Z` });
    return d;
  };
  const from = time('from');
  const to = time('to');
  if (from && to && !(to > from)) problems.push({ file, ...at(get(['schedule', 'to'])), message: 'schedule.to must be after schedule.from' });
  const refs = (path: string[]): RuleRef[] => {
    const n = get(path);
    if (n === undefined || n === null) return [];
    if (!isSeq(n)) { problems.push({ file, ...at(n), message: `${path.join('.')} must be a list of rule ids` }); return []; }
    return n.items.map((item) => ({ id: String((item as { value?: unknown }).value ?? '').toLowerCase(), ...at(item as Node) }));
  };
  const alert = refs(['expect', 'alert']);
  const quiet = refs(['expect', 'quiet']);
  const once = refs(['expect', 'once']);
  if (!alert.length && !quiet.length) problems.push({ file, ...at(top), message: 'expect needs at least one rule under alert or quiet' });
  const notes = (key: 'knownMisses' | 'knownNoise', where: string): KnownMiss[] => {
    const out: KnownMiss[] = [];
    const list = get([key]);
    if (list === undefined || list === null || (isSeq(list) && list.items.length === 0)) return out;
    if (!isSeq(list)) { problems.push({ file, ...at(list), message: `${key} must be a list of { rule, why }` }); return out; }
    for (const item of list.items) {
      const m = isMap(item) ? item : undefined;
      const rule = m?.get('rule', true) as Node | undefined;
      const why = m?.get('why');
      if (!rule || typeof why !== 'string' || !why.trim()) {
        problems.push({ file, ...at(item as Node), message: `each entry of ${key} needs rule (an id listed under ${where}) and why (one line)` });
        continue;
      }
      out.push({ id: String((rule as { value?: unknown }).value).toLowerCase(), why: why.trim(), ...at(rule) });
    }
    return out;
  };
  const knownMisses = notes('knownMisses', 'expect.alert');
  const knownNoise = notes('knownNoise', 'expect.quiet or expect.once');
  for (const m of knownMisses) {
    if (!alert.some((a) => a.id === m.id)) problems.push({ file, line: m.line, column: m.column, message: `known miss ${m.id} is not listed under expect.alert` });
  }
  for (const m of knownNoise) {
    if (!quiet.some((a) => a.id === m.id) && !once.some((a) => a.id === m.id)) problems.push({ file, line: m.line, column: m.column, message: `known noise ${m.id} is not listed under expect.quiet or expect.once` });
  }
  if (problems.length || !story || !sources || !from || !to) return { problems };
  const sourceList = isSeq(sources) ? sources.items.map((s) => String((s as { value?: unknown }).value ?? '')) : [String((sources as { value?: unknown }).value)];
  return {
    problems,
    scenario: {
      name: relative(root, dir).split('\\').join('/').split('/').pop()!, dir, file,
      story: String((story as { value?: unknown }).value), sources: sourceList, from, to, alert, quiet, once, knownMisses, knownNoise,
    },
  };
}

/** Every scenario directory under the corpus root (directories that hold a scenario.yaml or a table file). */
export function scenarioDirs(corpusRoot: string): string[] {
  return readdirSync(corpusRoot)
    .map((n) => join(corpusRoot, n))
    .filter((p) => statSync(p).isDirectory())
    .sort();
}

/**
 * Properties of each record that are not columns of its table (other than `_IngestionTime`): the data loader
 * ignores them silently, so a misspelt column would otherwise make a record look emptier than Azure writes it.
 */
export function unknownColumns(root: string, dir: string, columnsOf: (table: string) => Set<string> | undefined): CorpusProblem[] {
  const out: CorpusProblem[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    const file = relative(root, join(dir, f)).split('\\').join('/');
    const table = f.replace(/\.jsonl$/, '');
    const columns = columnsOf(table);
    if (!columns) { out.push({ file, line: 1, column: 1, message: `no table schema named ${table} in schemas/tables` }); continue; }
    readFileSync(join(dir, f), 'utf8').split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let row: Record<string, unknown>;
      try { row = JSON.parse(line) as Record<string, unknown>; } catch (e) {
        out.push({ file, line: i + 1, column: 1, message: `not valid JSON (${(e as Error).message})` });
        return;
      }
      for (const k of Object.keys(row)) {
        // The ingestion time is not a column but the record's ingestion_time() (docs/kql-engine.md).
        if (!columns.has(k) && k !== INGESTION_TIME_FIELD) out.push({ file, line: i + 1, column: line.indexOf(`"${k}"`) + 1, message: `${k} is not a column of ${table}: add the real column to schemas/tables/${table}.json with its source, or fix the name` });
      }
    });
  }
  return out;
}
