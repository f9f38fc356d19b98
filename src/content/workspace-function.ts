/**
 * Workspace functions in the Azure-Sentinel Solutions parser YAML format
 * (`Function: {Title, Version, LastUpdated}`, `FunctionName`, `FunctionAlias`, `FunctionParams`, `FunctionQuery`),
 * and their conversion to the engine's FunctionDefinition.
 */
import type { FunctionDefinition } from '../kql/schema.ts';
import { isRecord, records, str, type Raw } from './coerce.ts';
import { plainEmbedded } from './rule.ts';
import type { YamlSource } from './yaml-source.ts';
import type { FunctionParameter, WorkspaceFunction } from './types.ts';

export function isFunctionDocument(raw: Raw): boolean {
  return 'FunctionQuery' in raw || 'FunctionName' in raw || 'FunctionAlias' in raw;
}

export function buildWorkspaceFunction(raw: Raw, src: YamlSource): WorkspaceFunction {
  const meta = isRecord(raw.Function) ? raw.Function : {};
  const functionName = str(raw.FunctionName) ?? '';
  const query = str(raw.FunctionQuery) ?? '';
  return {
    id: str(raw.id),
    title: str(meta.Title),
    version: str(meta.Version),
    lastUpdated: str(meta.LastUpdated),
    category: str(raw.Category),
    functionName,
    alias: str(raw.FunctionAlias) ?? functionName,
    parameters: records(raw.FunctionParams).map((p): FunctionParameter => ({
      name: str(p.Name) ?? '',
      type: str(p.Type) ?? 'string',
      ...('Default' in p ? { default: p.Default } : {}),
    })),
    query,
    raw,
    source: src.source,
    querySource: src.embedded('FunctionQuery') ?? plainEmbedded(query, src, 'FunctionQuery'),
  };
}

/** The function as the parser and engine see it: `name(params) { body }`. */
export function toFunctionDefinition(fn: WorkspaceFunction): FunctionDefinition {
  const params = fn.parameters.map((p) => {
    // A tabular parameter is written `table:(*)` in parser files and `T:(*)` in KQL.
    const tabular = /^table\s*:?/i.test(p.type);
    const decl = `${p.name}:${tabular ? p.type.replace(/^table\s*:?\s*/i, '') || '(*)' : p.type}`;
    if (tabular) return decl;
    return p.default === undefined ? decl : `${decl} = ${defaultLiteral(p.type, p.default)}`;
  });
  return { name: fn.alias, parameters: `(${params.join(', ')})`, body: fn.query, description: fn.title };
}

/**
 * A parameter default as KQL. Upstream parser files write defaults either as KQL text (`dynamic([])`,
 * `datetime(null)`) or as a bare YAML value (`'*'`, `false`, `0`); a bare string for a string parameter is quoted.
 */
export function defaultLiteral(type: string, value: unknown): string {
  const t = type.toLowerCase();
  if (value === null) return `${t}(null)`;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value) || isRecord(value)) return `dynamic(${JSON.stringify(value)})`;
  const text = String(value);
  if (t === 'string') {
    return /^(['"]).*\1$/s.test(text) ? text : `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
  return text;
}
