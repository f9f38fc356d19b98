/**
 * Preview of one workbook on local data: find the workbook, read the data directories, run every query with the
 * engine and render the page. The CLI (`content preview workbook`) is a thin layer over this.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import {
  ARG_DIRECTORY, createDatabase, createEngine, dataFilesOf, isArgTable, readTableFile, type Database, type TableSchema,
} from '../../kql/index.ts';
import { projectBindingContext } from '../lint.ts';
import { loadWorkbooks, type CompiledWorkbook } from '../load.ts';
import type { WorkbookProblem } from '../model.ts';
import { dataTimeRange, runWorkbook, type WorkbookRun } from '../replay.ts';
import { renderWorkbookPage } from './page.ts';

export class PreviewError extends Error {
  constructor(readonly code: 'WORKBOOK_NOT_FOUND' | 'WORKBOOK_INVALID' | 'DATA_INVALID' | 'NO_DATA' | 'BROWSER_UNAVAILABLE', message: string) {
    super(message);
    this.name = 'PreviewError';
  }
}

export interface PreviewOptions {
  /** Repository root (workbooks/, detections/, schemas/). */
  root: string;
  /** The workbook's file stem, or a path to its YAML file. */
  name: string;
  /** Data directories (TABLE.jsonl/.json/.csv), merged. Default: every directory under samples/ with data files. */
  dataDirs?: string[];
  /** Tables whose files are not read (e.g. AZKVAuditLogs when the data holds each event in both shapes). */
  skipTables?: string[];
  timeRange?: { start: Date; end: Date };
  values?: Record<string, string | string[]>;
}

export interface PreviewResult { html: string; run: WorkbookRun; workbook: CompiledWorkbook; problems: WorkbookProblem[]; dataDirs: string[] }

/** Directories under `dir` (itself included) that hold data files, in path order. */
export function dataDirectoriesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d).sort();
    if (dataFilesOf(d, entries).length) out.push(d);
    // an `arg/` directory holds the Resource Graph tables of its parent, not a data directory of its own
    for (const e of entries) if (e !== ARG_DIRECTORY && statSync(join(d, e)).isDirectory()) walk(join(d, e));
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Reads the data files of several directories into one database (tables with a schema and no file are empty). */
export function loadPreviewData(dirs: string[], tables: TableSchema[], skipTables: string[] = []): Database {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const records: Parameters<typeof createDatabase>[0] = tables.map((schema) => ({ schema, rows: [] }));
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      throw new PreviewError('DATA_INVALID', `cannot read the data directory ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    for (const { file, table } of dataFilesOf(dir, entries)) {
      if (skipTables.includes(table)) continue;
      const schema = byName.get(table);
      if (!schema) throw new PreviewError('DATA_INVALID', `${file}: no table schema named ${table}; add one to schemas/${isArgTable(table) ? ARG_DIRECTORY : 'tables'} or rename the file`);
      try {
        records.push(readTableFile(file, schema));
      } catch (e) {
        throw new PreviewError('DATA_INVALID', (e as Error).message);
      }
    }
  }
  try {
    return createDatabase(records);
  } catch (e) {
    throw new PreviewError('DATA_INVALID', (e as Error).message);
  }
}

export function previewWorkbook(options: PreviewOptions): PreviewResult {
  const root = resolve(options.root);
  const byPath = /\.ya?ml$/.test(options.name);
  const dir = byPath ? resolve(root, options.name, '..') : join(root, 'workbooks');
  const loaded = loadWorkbooks(dir, { relativeTo: root, contentRoot: root });
  const key = byPath ? basename(options.name).replace(/\.ya?ml$/, '') : options.name;
  const workbook = loaded.workbooks.find((w) => w.source.key === key);
  const ownProblems = loaded.problems.filter((p) => basename(p.file).replace(/\.ya?ml$/, '') === key);
  if (!workbook) {
    if (ownProblems.length) {
      throw new PreviewError('WORKBOOK_INVALID', `workbook ${key} has errors:\n${ownProblems.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`).join('\n')}`);
    }
    const known = loaded.workbooks.map((w) => w.source.key).join(', ') || 'none';
    throw new PreviewError('WORKBOOK_NOT_FOUND', `no workbook named ${key} in ${relative(root, dir) || '.'} (known: ${known})`);
  }
  const ctx = projectBindingContext(root);
  const dataDirs = options.dataDirs?.length ? options.dataDirs.map((d) => resolve(root, d)) : dataDirectoriesUnder(join(root, 'samples'));
  if (!dataDirs.length) throw new PreviewError('NO_DATA', 'no data directory given and none found under samples/; pass --data DIR');
  const database = loadPreviewData(dataDirs, ctx.tables, options.skipTables);
  const engine = createEngine({ tables: ctx.tables, functions: ctx.functions });
  const timeRange = options.timeRange ?? dataTimeRange(engine, database);
  if (!timeRange) throw new PreviewError('NO_DATA', 'the data has no rows with a TimeGenerated; pass --from and --to or other data');
  const run = runWorkbook(workbook, { engine, database, timeRange, values: options.values });
  const dataLabel = dataDirs.map((d) => relative(root, d) || '.').join(', ');
  const html = renderWorkbookPage(run, { dataLabel, values: options.values });
  return { html, run, workbook, problems: ownProblems, dataDirs };
}
