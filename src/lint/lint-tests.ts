/**
 * Rule test files (`*.test.yaml`) in `content lint`: each is validated against the test-file schema (with
 * did-you-mean), its YAML mistakes at their line, and its inline rows and data files against the table schemas,
 * exactly as `content test` reads them (src/replay/test-file.ts). A test file is never linted as a rule.
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import fg from 'fast-glob';
import { displayPath, type Problem } from '../content/index.ts';
import type { TableSchema } from '../kql/schema.ts';
import { loadTestFile } from '../replay/test-file.ts';
import { checkCaseColumns } from '../replay/test-data-columns.ts';

const TEST_FILE = /\.test\.ya?ml$/;

/** Test files under the given paths (files or directories), or under `detections/`. */
export function findTestFiles(root: string, paths?: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths?.length ? paths : ['detections']) {
    const abs = isAbsolute(p) ? p : resolve(root, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue; // a missing path is reported by the content loader
    }
    if (st.isFile()) {
      if (TEST_FILE.test(abs)) out.add(abs);
    } else {
      for (const f of fg.sync('**/*.test.{yaml,yml}', { cwd: abs, absolute: true, ignore: ['**/node_modules/**', '**/.*/**'] })) out.add(resolve(f));
    }
  }
  return [...out].sort();
}

export function lintTestFiles(root: string, paths: string[] | undefined, tables: TableSchema[]): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  const checkedFiles = new Set<string>();
  for (const abs of findTestFiles(root, paths)) {
    const tests = loadTestFile(abs, displayPath(root, abs));
    files.push(tests.file);
    problems.push(...tests.problems);
    if (!tests.problems.some((p) => p.severity === 'error')) problems.push(...checkCaseColumns(tests, { root, tables, checkedFiles }));
  }
  return { files, problems };
}
