/**
 * Table schemas (Azure-Sentinel CustomTables JSON) and function schemas (`{Name, Parameters, Body}`) for binding:
 * the project's `schemas/` plus any extra directories (`--schemas DIR`). Later directories override earlier tables
 * of the same name. A bad schema file is reported and skipped; it never stops the others.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeSchemas, parseTableSchema, type FunctionDefinition, type TableSchema } from '../kql/schema.ts';
import { ARG_DIRECTORY, argTableName } from '../kql/arg.ts';
import { isRecord, str } from './coerce.ts';
import type { Problem } from './types.ts';

/** The `schemas/` directory shipped with the project. */
export const PROJECT_SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');

export interface SchemaSet { tables: TableSchema[]; functions: FunctionDefinition[]; problems: Problem[] }

/**
 * The schema directories a content root adds to the project's: its own `schemas/` when it is not this project
 * (a repository that uses the tool for its own content), then any `--schemas` directories.
 */
export function contentSchemaDirs(root: string, extraDirs: string[] = []): string[] {
  const own = resolve(root, 'schemas');
  const dirs = [...(own !== resolve(PROJECT_SCHEMA_DIR) && existsSync(own) ? [own] : []), ...extraDirs.map((d) => resolve(root, d))];
  return [...new Set(dirs)];
}

/** Loads `schemas/tables`, `schemas/functions`, `schemas/arg` and each extra directory (its `*.json`, `tables/`, `functions/` and `arg/`). */
export function loadSchemaSet(extraDirs: string[] = [], projectDir = PROJECT_SCHEMA_DIR): SchemaSet {
  const problems: Problem[] = [];
  const tableLists: TableSchema[][] = [];
  const functions = new Map<string, FunctionDefinition>();
  const dirs = [projectDir, ...extraDirs];
  for (const dir of dirs) {
    // The project directory also holds the rule-format JSON schemas, so only its subdirectories hold tables.
    const ownFiles = dir !== projectDir;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push({ file: dir, line: 1, column: 1, code: 'schema-dir-missing', severity: 'error', message: `schema directory not found: ${dir}` });
      continue;
    }
    for (const sub of [...(ownFiles ? [dir] : []), join(dir, 'tables'), join(dir, 'functions'), join(dir, ARG_DIRECTORY)]) {
      if (!existsSync(sub) || !statSync(sub).isDirectory()) continue;
      // Resource Graph tables (`arg("").Resources`) have their schemas in `arg/`, named by their bare table name.
      const arg = sub === join(dir, ARG_DIRECTORY);
      const tables: TableSchema[] = [];
      for (const entry of readdirSync(sub).sort()) {
        const file = join(sub, entry);
        // `*.schema.json` are JSON Schema documents (such as this project's rule formats), not table schemas.
        if (!entry.endsWith('.json') || entry.endsWith('.schema.json') || !statSync(file).isFile()) continue;
        const loaded = loadSchemaFile(file, problems);
        if (!loaded) continue;
        if ('body' in loaded) functions.set(loaded.name, loaded);
        else tables.push(arg ? { ...loaded, name: argTableName(loaded.name) } : loaded);
      }
      tableLists.push(tables);
    }
  }
  return { tables: mergeSchemas(...tableLists), functions: [...functions.values()], problems };
}

/** Table schemas only (project + extra directories); problems are appended to `problems` when given. */
export function loadTableSchemas(extraDirs: string[] = [], problems?: Problem[]): TableSchema[] {
  const set = loadSchemaSet(extraDirs);
  problems?.push(...set.problems);
  return set.tables;
}

function loadSchemaFile(file: string, problems: Problem[]): TableSchema | FunctionDefinition | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const { line, column } = at ? lineColumn(readFileSync(file, 'utf8'), Number(at[1])) : { line: 1, column: 1 };
    problems.push({ file, line, column, code: 'schema-invalid', severity: 'error', message: `not valid JSON: ${message}` });
    return undefined;
  }
  if (isRecord(json) && ('Body' in json || 'FunctionQuery' in json)) {
    const name = str(json.Name ?? json.FunctionName);
    const body = str(json.Body ?? json.FunctionQuery);
    if (!name || body === undefined) {
      problems.push({ file, line: 1, column: 1, code: 'schema-invalid', severity: 'error', message: 'a function schema needs "Name" and "Body" strings' });
      return undefined;
    }
    return { name, parameters: str(json.Parameters ?? json.FunctionParameters) ?? '()', body, description: str(json.Description) };
  }
  try {
    return parseTableSchema(json, file);
  } catch (e) {
    problems.push({ file, line: 1, column: 1, code: 'schema-invalid', severity: 'error', message: (e as Error).message.replace(`${file}: `, '') });
    return undefined;
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
