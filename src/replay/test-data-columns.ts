/**
 * A test case's data checked against the table schemas: a column the schema does not have is dropped when the
 * rows are typed (and the parser then reads an empty value), so a misspelt column (`_ResourceID`,
 * `CallerIpAddress` in AzureDiagnostics) silently tests nothing. Inline rows are reported at the key in the test
 * file, data files at the line of the first record that has the column; each with the nearest schema column.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { didYouMean } from '../content/validate/did-you-mean.ts';
import { INGESTION_TIME_FIELD, KqlError, readTableFile, tableNameOfFile, type TableSchema } from '../kql/index.ts';
import type { TestFile, TestProblem } from './test-file.ts';

export interface ColumnCheckContext {
  root: string;
  tables: TableSchema[];
  /** Data files already checked in this run (a sample file is shared by many cases): reported once. */
  checkedFiles?: Set<string>;
}

function unknownColumnMessage(column: string, table: TableSchema): string {
  const hint = didYouMean(column, table.columns.map((c) => c.name));
  return `column "${column}" is not in the ${table.name} table schema${hint ? `; did you mean "${hint}"?` : ''} `
    + '(the column is dropped when the rows are read, so the case does not test it)';
}

function findTable(tables: TableSchema[], name: string): TableSchema | undefined {
  return tables.find((t) => t.name === name);
}

/** Unknown tables and columns in the inline rows and data files of every case of a test file. */
export function checkCaseColumns(tests: TestFile, ctx: ColumnCheckContext): TestProblem[] {
  const out: TestProblem[] = [];
  const known = (table: TableSchema, column: string) => column === INGESTION_TIME_FIELD || table.columns.some((c) => c.name === column);
  tests.cases.forEach((c, i) => {
    for (const [tableName, rows] of Object.entries(c.rows)) {
      const table = findTable(ctx.tables, tableName);
      if (!table) {
        const hint = didYouMean(tableName, ctx.tables.map((t) => t.name));
        const at = tests.locate?.(['cases', i, 'rows'], tableName) ?? { line: c.line, column: c.column };
        out.push({ ...at, file: tests.file, code: 'test-unknown-table', severity: 'error', message: `no table schema named "${tableName}"${hint ? `; did you mean "${hint}"?` : ''} (schemas/tables/ holds the tables rows can be given for)` });
        continue;
      }
      const reported = new Set<string>();
      rows.forEach((row, j) => {
        for (const column of Object.keys(row ?? {})) {
          if (known(table, column) || reported.has(column)) continue;
          reported.add(column);
          const at = tests.locate?.(['cases', i, 'rows', tableName, j], column) ?? { line: c.line, column: c.column };
          out.push({ ...at, file: tests.file, code: 'test-unknown-column', severity: 'warning', message: unknownColumnMessage(column, table) });
        }
      });
    }
    c.data.forEach((ref) => {
      const testAbs = resolve(ctx.root, tests.file);
      const abs = [resolve(ctx.root, ref.file), resolve(dirname(testAbs), ref.file)].find((p) => existsSync(p) && statSync(p).isFile());
      if (!abs) return; // reported when the case runs, with the paths it tried
      const tableName = ref.table ?? tableNameOfFile(abs);
      const key = `${tableName}\u0000${abs}`;
      if (ctx.checkedFiles?.has(key)) return;
      ctx.checkedFiles?.add(key);
      const table = findTable(ctx.tables, tableName);
      if (!table) return; // the run reports a data file without a schema
      let records;
      try {
        records = readTableFile(abs, table);
      } catch (e) {
        if (e instanceof KqlError) return; // unreadable data is the run's error, with its line
        throw e;
      }
      const file = relative(ctx.root, abs).split(sep).join('/');
      const reported = new Set<string>();
      records.rows.forEach((row, j) => {
        for (const column of Object.keys(row)) {
          if (known(table, column) || reported.has(column)) continue;
          reported.add(column);
          out.push({ file, line: records.source.lines?.[j] ?? 1, column: 1, code: 'test-unknown-column', severity: 'warning', message: unknownColumnMessage(column, table) });
        }
      });
    });
  });
  return out;
}
