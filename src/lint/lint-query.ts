/**
 * Lints one KQL text: Kusto parser/binder diagnostics, Kusto's analyzer advice and our best-practice checks,
 * each placed in the containing file through an offset mapper. Reusable for rule queries, workspace functions and
 * workbook queries.
 */
import type { AnalyticRule, Position, Problem, Severity } from '../content/index.ts';
import type { KustoGlobals } from '../kql/schema.ts';
import { analyseQuery, type QueryAnalysis } from './analysis.ts';
import { QUERY_CHECKS, type CheckContext, type QueryFix, type QuerySpan, type RuleSetting } from './checks/index.ts';
import { unknownNameHint } from './name-hint.ts';

/** Kusto advice codes superseded by a sharper check of ours. */
const SUPERSEDED_ADVICE = new Set(['KS500']); // 'avoid contains' → kql-prefer-has (only for whole-term literals)

export interface LintQueryOptions {
  /** File the query lives in (for Problem.file). */
  file?: string;
  /** Maps an offset in the query text to a position in the file; default: line/column within the query itself. */
  offsetMapper?: (offset: number) => Pick<Position, 'line' | 'column'>;
  /** The rule the query belongs to (enables rule-aware checks such as kql-ago-beyond-period). */
  rule?: AnalyticRule;
  /** Per-code settings from the lint config. */
  settings?: ReadonlyMap<string, RuleSetting>;
  /** Kusto's analyzer advice (KS5xx); default true. */
  advice?: boolean;
  /** Per workspace function: the values its output columns can hold (for kql-unknown-value). */
  functionValues?: CheckContext['functionValues'];
  /** Characters at the start of `query` that were added by the caller (e.g. parameter lets); findings there are dropped. */
  prefixLength?: number;
}

/** A span of a file, from (line, column) up to (endLine, endColumn), and the query text it held when linted. */
export interface FileSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  original: string;
}

/**
 * A finding's fix placed in its file: replace the span by `text`. `content lint --fix` applies it only where the
 * file holds exactly `original` there, and the `requires` spans (the values the fix depends on) as written too:
 * a quoted scalar with escapes in that text, or a workbook parameter's stand-in, gets no fix.
 */
export interface ProblemFix extends FileSpan {
  text: string;
  requires: FileSpan[];
}

/** A finding, with an exactly semantics-preserving fix when its check has one. */
export interface LintProblem extends Problem { fix?: ProblemFix }

export interface LintQueryResult { problems: LintProblem[]; analysis: QueryAnalysis }

/** Applies a setting to a default severity; undefined = off. */
export function applySetting(code: string, severity: Severity, settings?: ReadonlyMap<string, RuleSetting>): Severity | undefined {
  const s = settings?.get(code);
  if (!s) return severity;
  return s === 'off' ? undefined : s === 'warn' ? 'warning' : s;
}

function settingToSeverity(s: RuleSetting): Severity | undefined {
  return s === 'off' ? undefined : s === 'warn' ? 'warning' : s;
}

export function lineColumnMapper(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

/**
 * Inline suppressions in KQL comments, eslint style:
 *   `// content-lint-disable-line kql-prefer-has` (this line), `// content-lint-disable-next-line KS508, kql-search-star`.
 * Without codes, every finding on that line is suppressed. Returns a predicate over (offset, code).
 */
export function inlineSuppressions(query: string): (offset: number, code: string) => boolean {
  const lineOf = lineColumnMapper(query);
  const byLine = new Map<number, Set<string> | 'all'>();
  for (const m of query.matchAll(/\/\/[ \t]*content-lint-disable-(next-)?line\b([^\n]*)/g)) {
    const line = lineOf(m.index!).line + (m[1] ? 1 : 0);
    const codes = m[2].split(/[\s,]+/).filter(Boolean);
    const prior = byLine.get(line);
    if (!codes.length || prior === 'all') byLine.set(line, 'all');
    else byLine.set(line, new Set([...(prior ?? []), ...codes]));
  }
  if (!byLine.size) return () => false;
  return (offset, code) => {
    const s = byLine.get(lineOf(offset).line);
    return s === 'all' || (s !== undefined && s.has(code));
  };
}

/** A span of the query in file coordinates: the end is just past the last character (it may sit on a later line). */
function placeSpan(query: string, span: QuerySpan, prefix: number, map: (offset: number) => Pick<Position, 'line' | 'column'>): FileSpan {
  const from = map(span.start - prefix);
  const last = span.end > span.start ? map(span.end - 1 - prefix) : undefined;
  return {
    line: from.line, column: from.column,
    endLine: last ? last.line : from.line, endColumn: last ? last.column + 1 : from.column,
    original: query.slice(span.start, span.end),
  };
}

function placeFix(query: string, fix: QueryFix, prefix: number, map: (offset: number) => Pick<Position, 'line' | 'column'>): ProblemFix | undefined {
  const requires = fix.requires ?? [];
  if (fix.start < prefix || requires.some((r) => r.start < prefix)) return undefined;
  return { ...placeSpan(query, fix, prefix, map), text: fix.text, requires: requires.map((r) => placeSpan(query, r, prefix, map)) };
}

export function lintQuery(query: string, globals: KustoGlobals, options: LintQueryOptions = {}): LintQueryResult {
  const file = options.file ?? '<query>';
  const prefix = options.prefixLength ?? 0;
  const map = options.offsetMapper ?? lineColumnMapper(query.slice(prefix));
  const suppressed = inlineSuppressions(query);
  const problems: LintProblem[] = [];
  const push = (code: string, severity: Severity | undefined, message: string, start: number, length: number, fix?: QueryFix) => {
    if (!severity || suppressed(start, code)) return;
    const s = Math.max(0, start - prefix);
    const from = map(s);
    const to = map(Math.max(s, start + Math.max(length, 0) - prefix));
    const problem: LintProblem = { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, code, severity, message };
    const placed = fix && placeFix(query, fix, prefix, map);
    if (placed) problem.fix = placed;
    problems.push(problem);
  };
  const analysis = analyseQuery(query, globals, { advice: options.advice });
  for (const d of analysis.diagnostics) {
    if (d.advice && SUPERSEDED_ADVICE.has(d.code)) continue;
    if (d.start < prefix && d.start + d.length <= prefix) continue;
    const message = d.code === 'KS142' ? unknownNameHint(d.message, analysis.code, globals) : d.message;
    push(d.code, applySetting(d.code, d.severity, options.settings), message, d.start, d.length);
  }
  {
    // The checks read syntax and literals, so they run on queries with bind errors too.
    for (const check of QUERY_CHECKS) {
      const severity = settingToSeverity(options.settings?.get(check.id) ?? check.defaultSetting);
      if (!severity) continue;
      check.run({
        query, analysis, rule: options.rule, functionValues: options.functionValues,
        report: (start, length, message, fix) => { if (start >= prefix) push(check.id, severity, message, start, length, fix); },
      });
    }
  }
  return { problems, analysis };
}
