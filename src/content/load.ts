/**
 * Loads the content under a root: analytic rules (`detections/**\/*.yaml`, except `*.test.yaml` rule tests) and
 * workspace functions (`detections/parsers/*.yaml`, or any file in the Solutions parser format). Every file is read;
 * a bad file yields problems and never stops the others.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { isRecord } from './coerce.ts';
import { buildRule } from './rule.ts';
import { buildWorkspaceFunction, isFunctionDocument } from './workspace-function.ts';
import { DEFAULT_MAX_FILE_BYTES, readYamlSource } from './yaml-source.ts';
import type { AnalyticRule, LoadOptions, LoadedContent, Problem, WorkspaceFunction } from './types.ts';

const YAML_GLOB = '**/*.{yaml,yml}';
const IGNORE = ['**/node_modules/**', '**/*.test.yaml', '**/*.test.yml', '**/*.changelog.yaml', '**/.*/**'];

/** Finds content files: the given files and directories (recursively), or `<root>/detections`. */
export function findContentFiles(root: string, paths?: string[]): { files: string[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const out = new Set<string>();
  const targets = paths && paths.length ? paths : ['detections'];
  for (const p of targets) {
    const abs = isAbsolute(p) ? p : resolve(root, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      if (paths && paths.length) problems.push({ file: displayPath(root, abs), line: 1, column: 1, code: 'path-not-found', severity: 'error', message: `no such file or directory: ${p}` });
      continue;
    }
    // A rule test file is not content: content lint validates it against the test-file schema instead.
    if (st.isFile()) { if (!/\.test\.ya?ml$/.test(abs)) out.add(abs); }
    else for (const f of fg.sync(YAML_GLOB, { cwd: abs, absolute: true, ignore: IGNORE, dot: false })) out.add(resolve(f));
  }
  return { files: [...out].sort(), problems };
}

export function displayPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs).split(sep).join('/');
}

export interface LoadedFile { file: string; rule?: AnalyticRule; fn?: WorkspaceFunction; problems: Problem[] }

/** Loads one file as a rule or a workspace function. */
export function loadContentFile(root: string, absolutePath: string, maxBytes = DEFAULT_MAX_FILE_BYTES): LoadedFile {
  const file = displayPath(root, absolutePath);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolutePath);
  } catch (e) {
    return { file, problems: [{ file, line: 1, column: 1, code: 'file-unreadable', severity: 'error', message: `cannot read file: ${(e as Error).message}` }] };
  }
  const src = readYamlSource(bytes, file, absolutePath, maxBytes);
  if (src.problems.length || src.data === undefined) return { file, problems: src.problems };
  if (!isRecord(src.data)) {
    const at = src.source.locate('').value;
    const got = src.data === null ? 'null' : Array.isArray(src.data) ? 'a list' : `a ${typeof src.data}`;
    return { file, problems: [{ file, line: at.line, column: at.column, code: 'file-not-mapping', severity: 'error', message: `expected a mapping of fields (id, name, query, ...) at the top level, found ${got}` }] };
  }
  const inParsers = /(^|\/)parsers\//.test(file);
  if (isFunctionDocument(src.data) || inParsers) return { file, fn: buildWorkspaceFunction(src.data, src), problems: [] };
  return { file, rule: buildRule(src.data, src), problems: [] };
}

const FUNCTION_FIELDS = ['FunctionName', 'FunctionQuery', 'FunctionAlias'];

/** Whether a content file may be a workspace function (LoadOptions.functionsOnly); unreadable files are loaded, to be reported. */
function mayHoldFunction(abs: string): boolean {
  if (/(^|[\\/])parsers[\\/]/.test(abs)) return true;
  try {
    const bytes = readFileSync(abs);
    return FUNCTION_FIELDS.some((f) => bytes.includes(f));
  } catch {
    return true;
  }
}

export function loadContent(root: string, options: LoadOptions = {}): LoadedContent {
  const { files, problems } = findContentFiles(root, options.paths);
  const rules: AnalyticRule[] = [];
  const functions: WorkspaceFunction[] = [];
  for (const abs of files) {
    if (options.functionsOnly && !mayHoldFunction(abs)) continue;
    const loaded = loadContentFile(root, abs, options.maxFileBytes);
    problems.push(...loaded.problems);
    if (loaded.rule) rules.push(loaded.rule);
    if (loaded.fn) functions.push(loaded.fn);
  }
  return { rules, functions, problems, files: files.map((f) => displayPath(root, f)) };
}
