/**
 * Binder checks for a rule: every column the rule names (entity mappings, custom details, alert placeholders, the
 * tactics and severity columns, dynamic alert properties) must be in the query's output, with a usable type.
 */
import { didYouMean, type AnalyticRule, type Problem, type Severity } from '../content/index.ts';
import { entityColumnHint } from './entity-column-hint.ts';

export interface OutputColumn { name: string; type: string }

type Use = 'entity' | 'customDetail' | 'placeholder' | 'tactics' | 'severity' | 'dynamicProperty';

/** Types a use can accept; anything else is reported with the given severity. */
function typeProblem(use: Use, type: string): { severity: Severity; why: string } | undefined {
  if (type === 'unknown') return undefined;
  switch (use) {
    case 'entity':
      return type === 'dynamic' ? { severity: 'warning', why: 'an entity identifier should be a scalar (tostring() it)' } : undefined;
    case 'severity':
    case 'tactics':
      return type === 'string' ? undefined : { severity: 'error', why: `the ${use} column must be a string` };
    default:
      return undefined;
  }
}

interface Reference { use: Use; column: string; path: (string | number)[]; offsetInValue?: number; what: string; entity?: { type: string; identifier: string } }

function references(rule: AnalyticRule): Reference[] {
  const refs: Reference[] = [];
  rule.entityMappings.forEach((m, i) => m.fieldMappings.forEach((f, j) => {
    if (f.columnName) refs.push({ use: 'entity', column: f.columnName, path: ['entityMappings', i, 'fieldMappings', j, 'columnName'], what: `${m.entityType}.${f.identifier}`, entity: { type: m.entityType, identifier: f.identifier } });
  }));
  for (const [key, column] of Object.entries(rule.customDetails)) {
    if (column) refs.push({ use: 'customDetail', column, path: ['customDetails', key], what: `custom detail ${key}` });
  }
  const o = rule.alertDetailsOverride;
  if (o) {
    for (const f of ['alertDisplayNameFormat', 'alertDescriptionFormat'] as const) {
      const text = o[f];
      if (!text) continue;
      for (const m of text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
        refs.push({ use: 'placeholder', column: m[1], path: ['alertDetailsOverride', f], offsetInValue: m.index! + m[0].indexOf(m[1]), what: `placeholder in ${f}` });
      }
    }
    if (o.alertTacticsColumnName) refs.push({ use: 'tactics', column: o.alertTacticsColumnName, path: ['alertDetailsOverride', 'alertTacticsColumnName'], what: 'alertTacticsColumnName' });
    if (o.alertSeverityColumnName) refs.push({ use: 'severity', column: o.alertSeverityColumnName, path: ['alertDetailsOverride', 'alertSeverityColumnName'], what: 'alertSeverityColumnName' });
    o.alertDynamicProperties?.forEach((p, i) => {
      if (p.value) refs.push({ use: 'dynamicProperty', column: p.value, path: ['alertDetailsOverride', 'alertDynamicProperties', i, 'value'], what: `alert property ${p.alertProperty}` });
    });
  }
  return refs;
}

export function checkOutputColumns(rule: AnalyticRule, columns: OutputColumn[]): Problem[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const problems: Problem[] = [];
  for (const ref of references(rule)) {
    let at = rule.source.locate(ref.path).value;
    if (ref.offsetInValue !== undefined) {
      // Point at the placeholder inside the format string.
      const e = rule.source.embedded(ref.path);
      if (e) at = e.positionAt(ref.offsetInValue);
    }
    const col = byName.get(ref.column);
    if (!col) {
      const hint = ref.entity ? entityColumnHint(ref.entity.type, ref.entity.identifier, ref.column, columns) : didYouMean(ref.column, columns.map((c) => c.name));
      problems.push({ file: rule.source.file, line: at.line, column: at.column, code: 'rule-column-missing', severity: 'error',
        message: `${ref.what} names column "${ref.column}", which the query does not output${hint ? `; did you mean "${hint}"?` : ''}` });
      continue;
    }
    const bad = typeProblem(ref.use, col.type);
    if (bad) {
      problems.push({ file: rule.source.file, line: at.line, column: at.column, code: 'rule-column-type', severity: bad.severity,
        message: `${ref.what} names column "${ref.column}" of type ${col.type}: ${bad.why}` });
    }
  }
  return problems;
}

