/**
 * `lintContent`: loads the rules and workspace functions under a root, validates them, lints every query with the
 * Kusto parser (tables from schemas/ and --schemas, workspace functions from detections/parsers), checks the
 * columns each rule names against its query's output, and says which rules the local engine can replay.
 * Every file is linted; a failure in one file becomes a `lint-internal` finding on that file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  contentSchemaDirs, defaultLiteral, loadContent, loadSchemaSet, toFunctionDefinition, validateContent,
  type AnalyticRule, type Problem, type Severity, type SourceInfo, type WorkspaceFunction,
} from '../content/index.ts';
import { buildGlobals, type FunctionDefinition, type KustoGlobals, type TableSchema } from '../kql/schema.ts';
import { warmUpKusto } from '../kql/kusto.ts';
import { kindName, resultColumns, walk } from './analysis.ts';
import { loadLintConfig } from './config.ts';
import { LintCache } from './cache.ts';
import { applySetting, lintQuery, type LintProblem, type LintQueryOptions } from './lint-query.ts';
import { knownValues } from './known-values.ts';
import { checkOutputColumns } from './output-columns.ts';
import { lintTestFiles } from './lint-tests.ts';
import type { RuleSetting } from './checks/index.ts';
import { replayFindings, replayVerdict, type ReplayVerdict } from './replayability.ts';
import { defenderFindings, tablesRead } from './defender-eligibility.ts';

export interface LintOptions {
  /** Content root (the repository); paths and config are resolved against it. */
  root: string;
  /** Files or directories to lint (default: detections/). */
  paths?: string[];
  /** Extra table-schema directories (`--schemas`), after the config's. */
  schemaDirs?: string[];
  /** Lint config file (default: .contentlintrc.yaml in root, when present). */
  configFile?: string;
  /** Git ref for id/version checks. */
  base?: string;
  /** Per-code settings that override the config file. */
  settings?: Record<string, RuleSetting>;
  /** Kusto analyzer advice (KS5xx); default true. */
  advice?: boolean;
  /** Report whether each rule can be replayed by the local engine; default true. */
  replayability?: boolean;
  /**
   * Deployment targets to check the rules against (`--target defender`): whether each rule can be a Defender XDR
   * custom detection (`defender-eligible`, info) and, when not, why (`defender-not-eligible`, warning, one per reason).
   */
  targets?: { defender?: boolean };
  maxFileBytes?: number;
  /**
   * `content lint --cache`: each rule's and function's own findings are kept in `file` (relative to the root) and
   * reused while the file and everything its result depends on are unchanged. `linterVersion` names the linter's
   * code: results cached under another value are not reused.
   */
  cache?: { file: string; linterVersion: string };
}

export interface LintCounts { errors: number; warnings: number; infos: number }

export interface LintResult {
  /**
   * Sorted by file, line, column. A finding with an exact fix carries it (`fix`); `withApplicableFixes` keeps only
   * those that apply to the file as it is.
   */
  problems: LintProblem[];
  /** Every file linted, relative to the root. */
  files: string[];
  rules: AnalyticRule[];
  functions: WorkspaceFunction[];
  counts: LintCounts;
  durationMs: number;
  /** With `cache`: rules and functions whose findings came from the cache. */
  cacheHits?: number;
}

export async function lintContent(options: LintOptions): Promise<LintResult> {
  return lint(options, resolve(options.root), performance.now());
}

async function lint(options: LintOptions, root: string, started: number): Promise<LintResult> {
  const problems: LintProblem[] = [];
  const { config, problems: configProblems } = loadLintConfig(root, options.configFile);
  problems.push(...configProblems);
  const settings = new Map(config.settings);
  for (const [k, v] of Object.entries(options.settings ?? {})) settings.set(k, v);

  const schemaSet = loadSchemaSet(contentSchemaDirs(root, [...config.schemaDirs, ...(options.schemaDirs ?? [])]));
  problems.push(...schemaSet.problems);

  const content = loadContent(root, { paths: options.paths, maxFileBytes: options.maxFileBytes });
  problems.push(...content.problems);
  const testFiles = lintTestFiles(root, options.paths, schemaSet.tables);
  problems.push(...testFiles.problems);

  // Workspace functions bind in every rule, even when only some paths are linted.
  const bindFunctions = [...content.functions];
  if (options.paths?.length && existsSync(resolve(root, 'detections/parsers'))) {
    const linted = new Set(content.functions.map((f) => f.source.absolutePath));
    for (const fn of loadContent(root, { paths: ['detections/parsers'] }).functions) {
      if (!linted.has(fn.source.absolutePath)) bindFunctions.push(fn);
    }
  }
  problems.push(...validateContent(content, { base: options.base, cwd: root }));

  warmUpKusto();
  const functionDefs = [...schemaSet.functions, ...bindFunctions.filter((f) => f.alias && f.query).map(toFunctionDefinition)];
  const fullGlobals = buildGlobals(schemaSet.tables, functionDefs);
  const queryOptions: QueryOpts = { settings, advice: options.advice };

  // Functions are linted with their real bodies. Rules then bind against stubs that return each function's output
  // schema: binding a large parser at every call site would cost far more than the rule itself.
  const replayability = options.replayability !== false;
  const stubs = new Map<string, FunctionDefinition>();
  /** Per function alias: what in its body the engine cannot run (empty = replayable). */
  const functionVerdicts = new Map<string, string[]>();
  const linted = new Set(content.functions);
  /** Per function alias: the values its output columns can hold (kql-unknown-value). */
  const functionValues = new Map<string, Map<string, Set<string>>>();
  const cache = options.cache
    ? LintCache.open<CachedLint>(resolve(root, options.cache.file), {
      linter: options.cache.linterVersion, tables: schemaSet.tables, schemaFunctions: schemaSet.functions, settings: [...settings].sort(),
      functions: bindFunctions.map((f) => [f.source.file, f.alias, f.parameters, f.query]),
      advice: options.advice !== false, replayability, defender: Boolean(options.targets?.defender),
    })
    : undefined;
  const cached = (kind: string, source: SourceInfo, compute: () => CachedLint): CachedLint =>
    cache ? cache.through(`${kind}:${source.file}`, source.text, compute) : compute();
  for (const fn of bindFunctions) {
    guard(problems, fn.source.file, () => {
      const { problems: found, columns, unsupported, values } = cached(`function ${fn.alias}`, fn.source, () => {
        const result = lintFunction(fn, fullGlobals, queryOptions);
        const clean = result.columns && !result.problems.some((p) => p.severity === 'error');
        const unsupported = clean && replayability ? replayVerdict(result.code).unsupported.map((u) => u.name) : undefined;
        const values = clean ? [...knownValues(result.code)].map(([column, set]) => [column, [...set]] as [string, string[]]) : undefined;
        return { problems: result.problems, columns: result.columns, unsupported, values };
      });
      if (values?.length) functionValues.set(fn.alias, new Map(values.map(([column, list]) => [column, new Set(list)])));
      if (columns && !found.some((p) => p.severity === 'error')) {
        stubs.set(fn.alias, stubFunction(toFunctionDefinition(fn), columns));
        if (unsupported) functionVerdicts.set(fn.alias, unsupported);
      }
      return linted.has(fn) ? found : [];
    });
  }
  const ruleGlobals = stubs.size
    ? buildGlobals(schemaSet.tables, functionDefs.map((f) => stubs.get(f.name) ?? f))
    : fullGlobals;

  const tableNames = options.targets?.defender ? new Set(schemaSet.tables.map((t) => t.name)) : undefined;
  const functionBodies = new Map(bindFunctions.filter((f) => f.alias && f.query).map((f) => [f.alias, f.query]));
  for (const rule of content.rules) {
    guard(problems, rule.source.file, () => {
      const outcome = cached('rule', rule.source, () => {
        const o = lintRule(rule, ruleGlobals, { ...queryOptions, functionValues, tables: tableNames, functionBodies }, stubs, replayability);
        return { problems: o.problems, verdict: o.verdict, called: [...o.called] };
      });
      const found = [...outcome.problems];
      if (outcome.verdict) found.push(...replayFindings(rule, outcome.verdict, new Set(outcome.called), functionVerdicts));
      return found;
    });
  }
  cache?.save();

  const final: LintProblem[] = [];
  for (const p of problems) {
    const severity = applySetting(p.code, p.severity, settings);
    if (severity) final.push(severity === p.severity ? p : { ...p, severity });
  }
  final.sort(compareProblems);
  const files = [...new Set([...content.files, ...testFiles.files, ...final.map((p) => p.file)])].sort();
  return {
    problems: final, files, rules: content.rules, functions: content.functions, counts: count(final),
    durationMs: performance.now() - started, ...(cache ? { cacheHits: cache.hits } : {}),
  };
}

/** What the cache keeps per file: a rule's or a function's findings and what replayability needs. */
interface CachedLint {
  problems: LintProblem[];
  verdict?: ReplayVerdict;
  called?: string[];
  columns?: { name: string; type: string }[];
  unsupported?: string[];
  /** A function's known column values (column, values). */
  values?: [string, string[]][];
}

function guard(problems: Problem[], file: string, run: () => Problem[]): void {
  try {
    problems.push(...run());
  } catch (e) {
    problems.push({ file, line: 1, column: 1, code: 'lint-internal', severity: 'error', message: `the linter failed on this file: ${(e as Error).message ?? String(e)}` });
  }
}

type QueryOpts = { settings: ReadonlyMap<string, RuleSetting>; advice?: boolean; functionValues?: LintQueryOptions['functionValues']; tables?: ReadonlySet<string>; functionBodies?: ReadonlyMap<string, string> };

interface RuleOutcome {
  problems: Problem[];
  /** Whether the local engine can replay the query; only for a query that bound without errors. */
  verdict?: ReplayVerdict;
  /** Workspace functions the query calls. */
  called: Set<string>;
}

function lintRule(rule: AnalyticRule, globals: KustoGlobals, opts: QueryOpts, functions: Map<string, unknown>, replayability: boolean): RuleOutcome {
  if (!rule.query.trim()) return { problems: [], called: new Set() };
  const { problems, analysis } = lintQuery(rule.query, globals, {
    ...opts, file: rule.source.file, offsetMapper: (o) => rule.querySource.positionAt(o), rule,
  });
  if (analysis.hasErrors) return { problems, called: new Set() };
  const columns = resultColumns(analysis.code);
  if (columns) problems.push(...checkOutputColumns(rule, columns));
  if (opts.tables) problems.push(...defenderFindings(rule, columns?.map((c) => c.name), tablesRead(rule.query, opts.tables, opts.functionBodies ?? new Map())));
  const verdict = replayability ? replayVerdict(analysis.code) : undefined;
  return { problems, verdict, called: calledFunctions(analysis.code, functions) };
}

/** Names of the given workspace functions that a bound query calls. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function calledFunctions(code: any, known: Map<string, unknown>): Set<string> {
  const out = new Set<string>();
  walk(code.Syntax, (n) => {
    const sym = n.ReferencedSymbol;
    if (sym && known.has(String(sym.Name)) && (kindName(n) === 'FunctionCallExpression' || kindName(n) === 'NameReference')) out.add(String(sym.Name));
  });
  return out;
}

/** A function with the same name and parameters whose body only declares the real body's output columns. */
function stubFunction(def: FunctionDefinition, columns: { name: string; type: string }[]): FunctionDefinition {
  const cols = columns.map((c) => `['${c.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']:${c.type === 'unknown' ? 'dynamic' : c.type}`);
  return { ...def, body: `datatable(${cols.join(', ')})[]` };
}

/** Parameters become `let` statements before the body, as the Azure-Sentinel parser validation does. */
function lintFunction(fn: WorkspaceFunction, globals: KustoGlobals, opts: QueryOpts): { problems: Problem[]; columns?: { name: string; type: string }[]; code?: unknown } {
  if (!fn.query.trim()) return { problems: [] };
  const prefix = fn.parameters
    .filter((p) => p.name && !p.type.startsWith('table'))
    .map((p) => `let ${p.name} = ${p.default === undefined ? nullOf(p.type) : defaultLiteral(p.type, p.default)};\n`)
    .join('');
  const { problems, analysis } = lintQuery(prefix + fn.query, globals, {
    ...opts, file: fn.source.file, offsetMapper: (o) => fn.querySource.positionAt(o), prefixLength: prefix.length,
  });
  const columns = analysis.hasErrors ? undefined : resultColumns(analysis.code);
  if (!analysis.hasErrors && !columns) {
    const at = fn.source.locate('FunctionQuery');
    const pos = at.key ?? at.value;
    problems.push({ file: fn.source.file, line: pos.line, column: pos.column, code: 'function-not-tabular', severity: 'error', message: 'the function body must end in a tabular expression' });
  }
  return { problems, columns, code: analysis.code };
}

function nullOf(type: string): string {
  const t = type.toLowerCase();
  return t === 'string' ? "''" : `${t === 'boolean' ? 'bool' : t === 'double' ? 'real' : t}(null)`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareProblems(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column
    || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function count(problems: Problem[]): LintCounts {
  const c = { errors: 0, warnings: 0, infos: 0 };
  for (const p of problems) {
    if (p.severity === 'error') c.errors++;
    else if (p.severity === 'warning') c.warnings++;
    else c.infos++;
  }
  return c;
}
