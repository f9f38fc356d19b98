/**
 * Loads and validates rule test files. Every problem names the file, line and column (from the YAML parser's
 * node ranges) and says what to do; a bad file yields problems, never an exception.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { parseDuration, parseInstant } from './duration.ts';
import { didYouMean } from '../content/validate/did-you-mean.ts';
import { explainYamlError } from '../content/yaml-errors.ts';
import { TEST_FILE_SCHEMA } from './test-file-schema.ts';
import { VARIANTS } from './variants/catalogue/index.ts';
import type { VariantDecline } from './variants/model.ts';

export interface TestProblem {
  file: string;
  line: number;
  column: number;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

export type CountExpectation = number | { min?: number; max?: number };

export interface AlertExpectation {
  name?: string;
  description?: string;
  severity?: string;
  tactics?: string[];
  entities?: Record<string, Record<string, string | number | boolean>[]>;
  customDetails?: Record<string, string | number | boolean | (string | number | boolean)[]>;
  firedAt?: string;
  resultCount?: number;
}

export interface Expectations {
  alerts?: CountExpectation;
  results?: CountExpectation;
  incidents?: CountExpectation;
  alert?: AlertExpectation[];
  timeline?: AlertExpectation[];
}

export interface DataRef { file: string; table?: string }

export interface TestCase {
  name: string;
  kind: 'positive' | 'negative';
  description?: string;
  now?: Date;
  schedule?: { from: Date; to: Date };
  data: DataRef[];
  rows: Record<string, Record<string, unknown>[]>;
  /**
   * `ingestionDelay`: rows without an `_IngestionTime` are ingested at TimeGenerated plus this delay (ms), for
   * every table or per table; absent, they are ingested at their TimeGenerated.
   */
  ingestionDelayMs?: number | Record<string, number>;
  expect: Expectations;
  /** Variants this case declines (with the file's declines merged in), by variant id. */
  declines?: Record<string, VariantDecline>;
  /** Where the case starts in its file. */
  line: number;
  column: number;
}

export interface TestFile {
  file: string;
  /** Rule file this test belongs to (explicit `rule:` or the sibling `<rule>.yaml`), resolved by the caller. */
  rule?: string;
  noiseBudget?: { alertsPerDay: number; reason?: string };
  /** Variants every case of the file declines, by variant id. */
  declines?: Record<string, VariantDecline>;
  cases: TestCase[];
  problems: TestProblem[];
  /** Where a node of the file is written (`key`: the key of that name in the mapping at `path`). */
  locate?: (path: (string | number)[], key?: string) => { line: number; column: number };
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(TEST_FILE_SCHEMA);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function locate(doc: Document, lc: LineCounter, path: (string | number)[]): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const p = lc.linePos(node.range[0]);
      return { line: p.line, column: p.col };
    }
  }
  return { line: 1, column: 1 };
}

/** Where the key `key` of the mapping at `path` is written. */
function locateKey(doc: Document, lc: LineCounter, path: (string | number)[], key: string): { line: number; column: number } {
  const node = path.length ? doc.getIn(path, true) : doc.contents;
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isNode(pair.key) && pair.key.range) {
      const p = lc.linePos(pair.key.range[0]);
      return { line: p.line, column: p.col };
    }
  }
  return locate(doc, lc, path);
}

/** The most useful ajv errors for one location: anyOf noise is collapsed into one message. */
function describe(e: ErrorObject): string {
  const at = e.instancePath ? `"${pathOf(e.instancePath).join('.')}"` : 'the file';
  switch (e.keyword) {
    case 'required': return `${at} is missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const hint = didYouMean(extra, known);
      return `${at} has an unknown field "${extra}"${hint ? `; did you mean "${hint}"?` : ''} (see docs/testing.md for the fields a test file takes)`;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed.map(String)) : undefined;
      return `${at} is ${JSON.stringify(e.data)}${hint ? `; did you mean "${hint}"?` : ''} (one of ${allowed.map((v) => JSON.stringify(v)).join(', ')})`;
    }
    case 'pattern': return `${at} must be an ISO-8601 UTC time such as 2026-11-20T12:00:00Z`;
    case 'anyOf': return `${at} has the wrong shape`;
    default: return `${at} ${e.message ?? 'is invalid'}`;
  }
}

function count(v: unknown): CountExpectation | undefined {
  return v === undefined ? undefined : (v as CountExpectation);
}

/** Parses a test file's text. */
export function parseTestFile(text: string, file: string): TestFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const out: TestFile = {
    file, declines: {}, cases: [], problems: [],
    locate: (path, key) => (key === undefined ? locate(doc, lc, path) : locateKey(doc, lc, path, key)),
  };
  const problem = (pos: { line: number; column: number }, code: string, message: string, severity: 'error' | 'warning' = 'error') =>
    out.problems.push({ file, line: pos.line, column: pos.column, code, severity, message });
  // The first error only: later ones are usually consequences of it.
  const yamlError = doc.errors[0];
  if (yamlError) {
    const e = explainYamlError(yamlError, text, lc);
    out.problems.push({ file, line: e.line, column: e.column, code: e.code === 'yaml-syntax' ? 'test-yaml-syntax' : e.code, severity: 'error', message: e.message });
  }
  if (out.problems.length) return out;
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const errors = validate(data);
  // anyOf failures also report each branch's error; keep the anyOf summary and one error per location.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const reported = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && [...anyOfPaths].some((p) => e.instancePath.startsWith(p) && e.instancePath.length >= p.length && e.keyword !== 'additionalProperties')) continue;
    const path = pathOf(e.instancePath);
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const msg = describe(e);
    if (reported.has(msg)) continue;
    reported.add(msg);
    const pos = extra ? locateKey(doc, lc, path, extra) : locate(doc, lc, path);
    problem(pos, 'test-schema', msg);
  }
  if (out.problems.length) return out;

  const root = data as Record<string, unknown>;
  if (typeof root.rule === 'string') out.rule = root.rule;
  if (root.noiseBudget) out.noiseBudget = root.noiseBudget as TestFile['noiseBudget'];
  const readDeclines = (v: unknown, path: (string | number)[]): Record<string, VariantDecline> => {
    const decline = (v as { decline?: Record<string, string | VariantDecline> } | undefined)?.decline ?? {};
    const result: Record<string, VariantDecline> = {};
    for (const [id, d] of Object.entries(decline)) {
      if (!VARIANTS.some((x) => x.id === id)) {
        const hint = didYouMean(id, VARIANTS.map((x) => x.id));
        problem(locateKey(doc, lc, [...path, 'variants', 'decline'], id), 'test-variant-unknown',
          `"${id}" is not a variant${hint ? `; did you mean "${hint}"?` : ''} (content test --list-variants shows the catalogue)`);
        continue;
      }
      result[id] = typeof d === 'string' ? { reason: d } : d;
    }
    return result;
  };
  out.declines = readDeclines(root.variants, []);
  const names = new Set<string>();
  (root.cases as Record<string, unknown>[]).forEach((c, i) => {
    const pos = locate(doc, lc, ['cases', i]);
    const name = String(c.name);
    if (names.has(name)) problem(locate(doc, lc, ['cases', i, 'name']), 'test-duplicate-case', `case name "${name}" is used twice in this file; give each case its own name`);
    names.add(name);
    const now = c.now === undefined ? undefined : parseInstant(c.now);
    if (c.now !== undefined && !now) problem(locate(doc, lc, ['cases', i, 'now']), 'test-time', `"now" is not a valid time`);
    let schedule: TestCase['schedule'];
    if (c.schedule) {
      const s = c.schedule as Record<string, unknown>;
      const from = parseInstant(s.from);
      const to = parseInstant(s.to);
      if (!from || !to) problem(locate(doc, lc, ['cases', i, 'schedule']), 'test-time', '"schedule.from" and "schedule.to" must be valid times');
      else if (to <= from) problem(locate(doc, lc, ['cases', i, 'schedule', 'to']), 'test-time', '"schedule.to" must be after "schedule.from"');
      else schedule = { from, to };
    }
    if (c.now === undefined && c.schedule === undefined) {
      problem(pos, 'test-no-time', `case "${name}" needs "now" (one run) or "schedule: {from, to}" (the scheduler)`);
    }
    if (c.now !== undefined && c.schedule !== undefined) {
      problem(pos, 'test-time', `case "${name}" has both "now" and "schedule"; keep one`);
    }
    if (!c.data && !c.rows) problem(pos, 'test-no-data', `case "${name}" has no "data" files and no inline "rows"`, 'warning');
    const ingestionDelayMs = readIngestionDelay(c.ingestionDelay, (path, message) => problem(locate(doc, lc, ['cases', i, 'ingestionDelay', ...path]), 'test-ingestion-delay', message));
    const dataRefs: DataRef[] = ((c.data as unknown[] | undefined) ?? []).map((d) => (typeof d === 'string' ? { file: d } : (d as DataRef)));
    out.cases.push({
      name,
      kind: c.kind as 'positive' | 'negative',
      description: c.description as string | undefined,
      now,
      schedule,
      data: dataRefs,
      rows: (c.rows as TestCase['rows']) ?? {},
      ingestionDelayMs,
      declines: { ...out.declines!, ...readDeclines(c.variants, ['cases', i]) },
      expect: {
        alerts: count((c.expect as Expectations | undefined)?.alerts),
        results: count((c.expect as Expectations | undefined)?.results),
        incidents: count((c.expect as Expectations | undefined)?.incidents),
        alert: (c.expect as Expectations | undefined)?.alert,
        timeline: (c.expect as Expectations | undefined)?.timeline,
      },
      line: pos.line,
      column: pos.column,
    });
  });
  return out;
}

/** `ingestionDelay: 2m` or `{TABLE: 2m, ...}` in milliseconds; a duration that does not read is a problem. */
function readIngestionDelay(v: unknown, problem: (path: string[], message: string) => void): TestCase['ingestionDelayMs'] {
  if (v === undefined) return undefined;
  const read = (text: unknown, path: string[]) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms < 0) problem(path, `"ingestionDelay" ${JSON.stringify(text)} is not a duration such as 2m, 90s or PT5M`);
    return ms ?? 0;
  };
  if (typeof v === 'string') return read(v, []);
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([table, d]) => [table, read(d, [table])]));
}

export function loadTestFile(file: string, displayName = file): TestFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file: displayName, cases: [], problems: [{ file: displayName, line: 1, column: 1, code: 'test-read', severity: 'error', message: `cannot read: ${(e as Error).message}` }] };
  }
  return parseTestFile(text, displayName);
}
