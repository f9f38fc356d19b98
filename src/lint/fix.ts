/**
 * `content lint --fix`: applies the exact fixes that findings carry to the YAML files they were found in, eslint
 * style. A fix is applied only where the file holds the query text it replaces, written literally (a block scalar
 * maps one to one within a line; a quoted scalar with escapes or a folded scalar may not), and only when the edited
 * file parses to the same document with just that query changed. Everything else in the file stays byte for byte.
 * Fixes per file are applied from the end backwards, overlapping ones in a later pass; the content is linted again
 * after each pass so the result shows what is left. A file that does not parse is never written; a file that cannot
 * be read or written becomes a `fix-write-failed` finding and the other files are still fixed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { readYamlSource, type YamlSource } from '../content/index.ts';
import { compareProblems, count, type LintResult } from './lint-content.ts';
import type { FileSpan, LintProblem, ProblemFix } from './lint-query.ts';

/** eslint's limit: fixes can enable further fixes, but a run must end. */
const DEFAULT_MAX_PASSES = 10;
const BOM = '\ufeff';

export interface FixOptions {
  /** Content root: finding paths are relative to it. */
  root: string;
  /** Lints the content as it is on disk (run again after each pass that wrote a file). */
  lint: () => Promise<LintResult>;
  /** Work out the changes of one pass without writing anything. */
  dryRun?: boolean;
  maxPasses?: number;
  /** Writes a fixed file (default: fs.writeFileSync); a throw becomes a `fix-write-failed` finding. */
  writeFile?: (path: string, text: string) => void;
}

export interface FileChange {
  /** Relative to the root, as in the findings. */
  file: string;
  before: string;
  after: string;
  /** Fixes applied over all passes. */
  fixes: number;
}

export interface FixOutcome {
  /**
   * The last lint: after the fixes were written (or, in a dry run, before), with a `fix` kept only on findings
   * whose fix applies to the file as it is, plus a `fix-write-failed` finding per file that could not be written.
   */
  result: LintResult;
  /** Files that changed (or would change, in a dry run), in path order. */
  changes: FileChange[];
  /** Passes that wrote files. */
  passes: number;
}

/** Where a fix sits: in the file text, and in the value of the string scalar that holds it. */
interface PlacedFix {
  start: number;
  end: number;
  text: string;
  /** Dotted path of the scalar (`query`, `FunctionQuery`, `steps.2.query`). */
  path: string;
  valueStart: number;
  valueEnd: number;
}

export interface FilePlan {
  /** The file text with the applicable fixes applied (the input when none applies). */
  text: string;
  applied: ProblemFix[];
  /** Fixes that cannot be applied to this text, each with the reason. */
  skipped: { fix: ProblemFix; reason: string }[];
}

/**
 * Applies the fixes that apply to one YAML file's text (without a byte-order mark). Pure: reads and writes nothing.
 * Overlapping fixes: the first one (in file order) wins; the others stay for the next pass.
 */
export function planFileFixes(text: string, file: string, fixes: readonly ProblemFix[]): FilePlan {
  const skipped: FilePlan['skipped'] = [];
  const src = readYamlSource(text, file, file);
  if (src.data === undefined || src.problems.some((p) => p.severity === 'error')) {
    return { text, applied: [], skipped: fixes.map((fix) => ({ fix, reason: 'the file does not parse as YAML' })) };
  }
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const placed: { fix: ProblemFix; at: PlacedFix }[] = [];
  for (const fix of fixes) {
    const at = placeFix(src, text, lineStarts, fix);
    if (typeof at === 'string') skipped.push({ fix, reason: at });
    else placed.push({ fix, at });
  }
  placed.sort((a, b) => a.at.start - b.at.start || a.at.end - b.at.end);
  // One edit per place: the same edit found twice is applied once and fixes both findings.
  const edits = new Map<string, { at: PlacedFix; fixes: ProblemFix[] }>();
  let lastEnd = -1;
  for (const { fix, at } of placed) {
    const key = `${at.start}:${at.end}:${at.text}`;
    const same = edits.get(key);
    if (same) same.fixes.push(fix);
    else if (at.start < lastEnd) skipped.push({ fix, reason: 'overlaps another fix (applied in a later pass)' });
    else {
      edits.set(key, { at, fixes: [fix] });
      lastEnd = at.end;
    }
  }
  const all = [...edits.values()];
  let accepted = all;
  let out = applyVerified(src, text, all.map((e) => e.at));
  if (out === undefined) {
    // Some edit changes more than its query (the scalar reads differently afterwards): keep those that verify.
    accepted = [];
    out = text;
    for (const edit of [...all].reverse()) {
      const trial = [edit, ...accepted];
      const attempt = applyVerified(src, text, trial.map((e) => e.at));
      if (attempt !== undefined) { accepted = trial; out = attempt; }
    }
  }
  for (const e of all) {
    if (!accepted.includes(e)) skipped.push(...e.fixes.map((fix) => ({ fix, reason: 'the edited file would not read back as the fixed query' })));
  }
  return { text: out, applied: accepted.flatMap((e) => e.fixes), skipped };
}

/** The fix's place in the file and in its scalar's value, or why it cannot be applied there. */
function placeFix(src: YamlSource, text: string, lineStarts: number[], fix: ProblemFix): PlacedFix | string {
  const span = locateSpan(text, lineStarts, fix);
  if (!span) return 'the file does not hold the query text there literally (escapes, folding or a line break)';
  if (!fix.requires.every((r) => locateSpan(text, lineStarts, r))) return 'the file does not hold the values the fix depends on literally';
  const [start, end] = span;
  // The innermost string scalar that holds the span.
  let best: { path: string; size: number } | undefined;
  for (const [path, loc] of src.source.locations) {
    if (loc.value.offset > start || loc.end.offset < end) continue;
    const size = loc.end.offset - loc.value.offset;
    if (!best || size < best.size) best = { path, size };
  }
  const scalar = best && src.embedded(best.path);
  if (!best || !scalar) return 'the fix is not inside a string scalar';
  const value = scalar.text;
  let valueStart = -1;
  for (let v = 0; v <= value.length; v++) {
    if (scalar.positionAt(v).offset === start && value.startsWith(fix.original, v)) { valueStart = v; break; }
  }
  if (valueStart < 0) return 'the query text is not written literally in the file';
  // Every replaced character must sit at its own place in the file (one to one), so the edit changes just those.
  for (let i = 0; i < fix.original.length; i++) {
    if (scalar.positionAt(valueStart + i).offset !== start + i) return 'the query text is not written literally in the file';
  }
  return { start, end, text: fix.text, path: best.path, valueStart, valueEnd: valueStart + fix.original.length };
}

/** The file offsets of a span when the file holds its original text there, as written. */
function locateSpan(text: string, lineStarts: number[], span: FileSpan): [number, number] | undefined {
  const start = offsetOf(lineStarts, text, span.line, span.column);
  const end = offsetOf(lineStarts, text, span.endLine, span.endColumn);
  if (start === undefined || end === undefined || end < start || text.slice(start, end) !== span.original) return undefined;
  return [start, end];
}

function offsetOf(lineStarts: number[], text: string, line: number, column: number): number | undefined {
  if (line < 1 || line > lineStarts.length || column < 1) return undefined;
  const offset = lineStarts[line - 1] + column - 1;
  return offset <= text.length ? offset : undefined;
}

/**
 * Applies non-overlapping edits (sorted by start) from the end backwards, and returns the new text only when it
 * parses to exactly the old document with the edited scalars' values changed as the edits say.
 */
function applyVerified(src: YamlSource, text: string, edits: PlacedFix[]): string | undefined {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  const expected = structuredClone(src.data);
  const values = new Map<string, string>();
  for (const e of sorted) {
    const value = values.get(e.path) ?? src.embedded(e.path)!.text;
    values.set(e.path, value.slice(0, e.valueStart) + e.text + value.slice(e.valueEnd));
  }
  for (const [path, value] of values) if (!setAt(expected, path, value)) return undefined;
  const reread = readYamlSource(out, src.source.file, src.source.absolutePath);
  if (reread.data === undefined || reread.problems.some((p) => p.severity === 'error')) return undefined;
  return isDeepStrictEqual(reread.data, expected) ? out : undefined;
}

function setAt(data: unknown, path: string, value: string): boolean {
  const parts = path.split('.');
  let node = data as Record<string, unknown> | undefined;
  for (const part of parts.slice(0, -1)) {
    const next = node?.[part];
    if (!next || typeof next !== 'object') return false;
    node = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (!node || typeof node[last] !== 'string') return false;
  node[last] = value;
  return true;
}

/** Findings with a fix, grouped by file (in path order). */
function fixesByFile(problems: readonly LintProblem[]): Map<string, ProblemFix[]> {
  const out = new Map<string, ProblemFix[]>();
  for (const p of [...problems].sort(compareProblems)) {
    if (!p.fix) continue;
    const list = out.get(p.file) ?? [];
    list.push(p.fix);
    out.set(p.file, list);
  }
  return out;
}

interface FileText { text: string; bom: boolean }

function readText(path: string): FileText {
  const raw = readFileSync(path, 'utf8');
  return raw.startsWith(BOM) ? { text: raw.slice(1), bom: true } : { text: raw, bom: false };
}

/** Lints, applies the fixes, lints again until nothing more can be fixed (or maxPasses); see the module comment. */
export async function fixContent(options: FixOptions): Promise<FixOutcome> {
  const root = resolve(options.root);
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  const writeFile = options.writeFile ?? ((path: string, text: string) => writeFileSync(path, text));
  const changes = new Map<string, FileChange>();
  const failures = new Map<string, LintProblem>();
  let result = await options.lint();
  let passes = 0;
  while (passes < maxPasses) {
    let wrote = false;
    for (const [file, fixes] of fixesByFile(result.problems)) {
      if (failures.has(file)) continue;
      const path = resolve(root, file);
      let before: FileText;
      try {
        before = readText(path);
      } catch (e) {
        failures.set(file, writeFailure(file, 'read', e));
        continue;
      }
      const plan = planFileFixes(before.text, file, fixes);
      if (!plan.applied.length || plan.text === before.text) continue;
      if (!options.dryRun) {
        try {
          writeFile(path, (before.bom ? BOM : '') + plan.text);
        } catch (e) {
          failures.set(file, writeFailure(file, 'write', e));
          continue;
        }
        wrote = true;
      }
      const prior = changes.get(file);
      changes.set(file, { file, before: prior?.before ?? before.text, after: plan.text, fixes: (prior?.fixes ?? 0) + plan.applied.length });
    }
    if (!wrote) break;
    passes++;
    result = await options.lint();
  }
  result = withApplicableFixes(result, root);
  if (failures.size) {
    const problems = [...result.problems, ...failures.values()].sort(compareProblems);
    result = { ...result, problems, files: [...new Set([...result.files, ...failures.keys()])].sort(), counts: count(problems) };
  }
  return { result, changes: [...changes.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), passes };
}

function writeFailure(file: string, what: 'read' | 'write', e: unknown): LintProblem {
  const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message ?? String(e);
  return {
    file, line: 1, column: 1, code: 'fix-write-failed', severity: 'error',
    message: `could not ${what} the file to apply its fixes (${reason}); check its permissions, then run content lint --fix again`,
  };
}

/**
 * Keeps `fix` only on the findings whose fix applies to their file as it is now, so that "fixable" in a report
 * means that `--fix` will fix it.
 */
export function withApplicableFixes(result: LintResult, root: string): LintResult {
  const byFile = fixesByFile(result.problems);
  if (!byFile.size) return result;
  const applicable = new Set<ProblemFix>();
  for (const [file, fixes] of byFile) {
    let text: string;
    try {
      text = readText(resolve(root, file)).text;
    } catch {
      continue;
    }
    const plan = planFileFixes(text, file, fixes);
    for (const fix of plan.applied) applicable.add(fix);
    // An overlapping fix is applied in a later pass: still fixable.
    for (const s of plan.skipped) if (s.reason.startsWith('overlaps')) applicable.add(s.fix);
  }
  const problems = result.problems.map((p) => {
    if (!p.fix || applicable.has(p.fix)) return p;
    const { fix: _dropped, ...rest } = p;
    return rest;
  });
  return { ...result, problems };
}

/** The changes as one unified diff (`--- a/file`, `+++ b/file`), in path order. */
export function formatFixDiff(changes: readonly FileChange[]): string {
  return changes.map((c) => createTwoFilesPatch(`a/${c.file}`, `b/${c.file}`, c.before, c.after, undefined, undefined, { context: 3 })
    .replace(/^={10,}\n/, '')).join('');
}

/** Findings whose fix `--fix` would apply. */
export function fixableCount(result: LintResult): number {
  return result.problems.filter((p) => p.fix).length;
}
