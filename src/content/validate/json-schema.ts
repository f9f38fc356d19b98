/**
 * Structural validation with ajv against the JSON schemas in `schemas/` (one for analytic rules, one for
 * workspace functions). Each ajv error becomes a Problem at the offending node, with a stable code: the schema's
 * `x-code` annotation where it has one, else one per JSON-schema keyword. Unknown fields are warnings with a
 * did-you-mean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { PROJECT_SCHEMA_DIR } from '../schemas.ts';
import { didYouMean } from './did-you-mean.ts';
import type { Problem, SourceInfo } from '../types.ts';

type Kind = 'rule' | 'function';
const SCHEMA_FILES: Record<Kind, string> = { rule: 'analytic-rule.schema.json', function: 'workspace-function.schema.json' };

let ajv: Ajv | undefined;
const compiled = new Map<Kind, ValidateFunction>();

function validator(kind: Kind): ValidateFunction {
  let v = compiled.get(kind);
  if (v) return v;
  ajv ??= new Ajv({ allErrors: true, verbose: true, strict: true })
    .addKeyword({ keyword: 'x-code', schemaType: 'string' })
    .addKeyword({ keyword: 'x-message', schemaType: 'string' });
  v = ajv.compile(JSON.parse(readFileSync(join(PROJECT_SCHEMA_DIR, SCHEMA_FILES[kind]), 'utf8')));
  compiled.set(kind, v);
  return v;
}

const DEFAULT_CODES: Record<string, string> = {
  required: 'required-field', additionalProperties: 'unknown-field', type: 'type', enum: 'enum', pattern: 'format',
  minLength: 'length', maxLength: 'length', minimum: 'range', maximum: 'range', minItems: 'count', maxItems: 'count',
  maxProperties: 'count', uniqueItems: 'duplicate-item',
};

export function validateAgainstSchema(kind: Kind, data: unknown, source: SourceInfo): Problem[] {
  const validate = validator(kind);
  if (validate(data)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    if (err.keyword === 'propertyNames') continue; // the nested error says which rule the name broke
    const p = toProblem(kind, err, source);
    const key = `${p.line}:${p.column}:${p.code}:${p.message}`;
    if (!seen.has(key)) { seen.add(key); problems.push(p); }
  }
  return problems;
}

function toProblem(kind: Kind, err: ErrorObject, source: SourceInfo): Problem {
  const path = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parent = (err.parentSchema ?? {}) as Record<string, unknown>;
  const where = path.length ? label(path) : kind === 'rule' ? 'the rule' : 'the function';
  const field = path.length ? `"${label(path)}"` : where;
  const code = typeof parent['x-code'] === 'string' ? parent['x-code'] : `${kind}-${DEFAULT_CODES[err.keyword] ?? err.keyword}`;
  const custom = typeof parent['x-message'] === 'string' ? parent['x-message'] : undefined;
  let severity: Problem['severity'] = 'error';
  let location = source.locate(path);
  let at = location.value;
  let message: string;
  const propertyName = (err as ErrorObject & { propertyName?: string }).propertyName;
  switch (err.keyword) {
    case 'required': {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      message = `missing required field "${missing}"${path.length ? ` in ${where}` : ''}`;
      at = location.key ?? location.value;
      break;
    }
    case 'additionalProperties': {
      const extra = (err.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((parent.properties ?? {}) as Record<string, unknown>);
      const hint = didYouMean(extra, known);
      severity = 'warning';
      location = source.locate([...path, extra]);
      at = location.key ?? location.value;
      message = `unknown field "${extra}"${path.length ? ` in ${where}` : ''}${hint ? `; did you mean "${hint}"?` : ''}`;
      break;
    }
    case 'type':
      message = `${field} must be ${article((err.params as { type: string }).type)}, found ${describe(err.data)}`;
      break;
    case 'enum': {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const hint = typeof err.data === 'string' ? didYouMean(err.data, allowed) : undefined;
      message = `${field} is ${describe(err.data)}; expected one of ${allowed.join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`;
      break;
    }
    default:
      if (propertyName !== undefined) {
        location = source.locate([...path, propertyName]);
        at = location.key ?? location.value;
        message = `key "${propertyName}" ${custom ?? err.message}`;
      } else {
        message = `${field} ${custom ?? err.message}${err.keyword === 'pattern' || err.keyword === 'minimum' || err.keyword === 'maximum' ? ` (found ${describe(err.data)})` : ''}`;
      }
  }
  return { file: source.file, line: at.line, column: at.column, code, severity, message };
}

/** `entityMappings[0].fieldMappings[1].identifier` */
function label(path: string[]): string {
  return path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('');
}

const TYPE_WORDS: Record<string, string> = { array: 'a list', object: 'a mapping', integer: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false' };
function article(type: string): string {
  return TYPE_WORDS[type] ?? type.split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
