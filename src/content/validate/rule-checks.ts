/**
 * Checks on analytic rules that a JSON schema cannot express: the Azure-Sentinel CI's cross-field rules
 * (schedule ranges, technique-to-tactic coverage, entity identifiers, placeholders, legacy entity columns), unique
 * ids across files, and checks on our extensions (incident grouping, suppression).
 */
import { formatDuration } from '../duration.ts';
import { tacticsOfTechnique } from './attack.ts';
import { didYouMean } from './did-you-mean.ts';
import { ENTITY_TYPES, LEGACY_ENTITY_COLUMNS } from './entities.ts';
import type { AnalyticRule, Problem, Severity } from '../types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const MAX_PLACEHOLDERS = 3;

type Emit = (path: string | (string | number)[], code: string, message: string, severity?: Severity, onKey?: boolean) => void;

function emitter(rule: AnalyticRule, out: Problem[]): Emit {
  return (path, code, message, severity = 'error', onKey = false) => {
    const loc = rule.source.locate(path);
    const at = onKey ? (loc.key ?? loc.value) : loc.value;
    out.push({ file: rule.source.file, line: at.line, column: at.column, code, severity, message });
  };
}

export function checkRule(rule: AnalyticRule): Problem[] {
  const out: Problem[] = [];
  const emit = emitter(rule, out);
  const raw = rule.raw;
  checkSchedule(rule, emit);
  checkTechniques(rule, emit);
  checkEntities(rule, emit);
  checkPlaceholders(rule, emit);
  checkIncidentConfiguration(rule, emit);
  checkSuppression(rule, emit);
  if (!('version' in raw)) emit('id', 'rule-version-missing', 'no "version"; add version: 1.0.0 and bump it whenever the rule changes', 'warning', true);
  return out;
}

function checkSchedule(rule: AnalyticRule, emit: Emit): void {
  const raw = rule.raw;
  if (rule.kind === 'NRT') {
    for (const f of ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const) {
      if (f in raw) emit(f, 'rule-nrt-schedule-ignored', `"${f}" has no effect on an NRT rule (it runs every minute over new data); remove it`, 'warning', true);
    }
    return;
  }
  if (rule.kind !== 'Scheduled') return;
  for (const f of ['requiredDataConnectors', 'queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const) {
    if (!(f in raw)) emit('', 'rule-required-field', `missing required field "${f}" (required for a Scheduled rule)`);
  }
  const freq = rule.queryFrequencyMs;
  const period = rule.queryPeriodMs;
  if (freq !== undefined && (freq < 5 * MINUTE || freq > 14 * DAY)) {
    emit('queryFrequency', 'rule-frequency-range', `queryFrequency ${rule.queryFrequency} is outside 5m..14d`);
  }
  if (period !== undefined && (period < 5 * MINUTE || period > 14 * DAY)) {
    emit('queryPeriod', 'rule-period-range', `queryPeriod ${rule.queryPeriod} is outside 5m..14d`);
  }
  if (freq !== undefined && period !== undefined) {
    if (period < freq) {
      emit('queryPeriod', 'rule-period-shorter-than-frequency', `queryPeriod ${rule.queryPeriod} is shorter than queryFrequency ${rule.queryFrequency}: events between runs would never be seen`);
    }
    if (period >= 2 * DAY && freq < HOUR) {
      emit('queryFrequency', 'rule-long-period-frequency', `a queryPeriod of 2 days or more (${rule.queryPeriod}) needs a queryFrequency of at least 1h (found ${rule.queryFrequency})`);
    }
  }
}

function checkTechniques(rule: AnalyticRule, emit: Emit): void {
  rule.relevantTechniques.forEach((technique, i) => {
    if (!/^T\d{4}(\.\d{3})?$/.test(technique)) return; // the schema reports the format
    const tactics = tacticsOfTechnique(technique);
    if (tactics.length === 0) {
      emit(['relevantTechniques', i], 'rule-technique-unknown', `technique ${technique} is not in the Sentinel technique-to-tactic map`);
      return;
    }
    const missing = tactics.filter((t) => !rule.tactics.includes(t));
    if (missing.length) {
      emit(['relevantTechniques', i], 'rule-technique-tactic-missing', `technique ${technique} belongs to ${tactics.join(', ')}; add ${missing.join(', ')} to tactics`);
    }
  });
}

function checkEntities(rule: AnalyticRule, emit: Emit): void {
  const mapped = new Set<string>();
  rule.entityMappings.forEach((m, i) => {
    const spec = ENTITY_TYPES[m.entityType];
    const ids = m.fieldMappings.map((f) => f.identifier);
    m.fieldMappings.forEach((f, j) => {
      mapped.add(f.columnName);
      if (!spec) return; // unknown entity type is reported by the schema
      if (!spec.identifiers.includes(f.identifier)) {
        const hint = didYouMean(f.identifier, spec.identifiers);
        emit(['entityMappings', i, 'fieldMappings', j, 'identifier'], 'rule-entity-identifier',
          `"${f.identifier}" is not an identifier of ${m.entityType}${hint ? `; did you mean "${hint}"?` : ''} (valid: ${spec.identifiers.join(', ')})`);
      }
      if (ids.indexOf(f.identifier) !== j) {
        emit(['entityMappings', i, 'fieldMappings', j, 'identifier'], 'rule-entity-duplicate-identifier', `identifier ${f.identifier} is mapped twice in this ${m.entityType} mapping`);
      }
    });
    if (spec && m.fieldMappings.length && !spec.required.some((group) => group.every((id) => ids.includes(id)))) {
      const options = spec.required.map((g) => g.join('+')).join(' or ');
      emit(['entityMappings', i, 'entityType'], 'rule-entity-required-identifier', `${/^[AEIOU]/.test(m.entityType) ? 'an' : 'a'} ${m.entityType} mapping needs ${options} to identify the entity`);
    }
  });
  for (const legacy of LEGACY_ENTITY_COLUMNS) {
    if (new RegExp(`\\b${legacy}\\b`).test(rule.query) && !mapped.has(legacy)) {
      emit('query', 'rule-legacy-entity-column', `the query produces ${legacy} but no entity mapping uses it; map it in entityMappings`);
    }
  }
}

export function placeholders(format: string): string[] {
  return [...format.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]);
}

function checkPlaceholders(rule: AnalyticRule, emit: Emit): void {
  const o = rule.alertDetailsOverride;
  if (!o) return;
  for (const f of ['alertDisplayNameFormat', 'alertDescriptionFormat'] as const) {
    const text = o[f];
    if (text === undefined) continue;
    const count = placeholders(text).length;
    if (count > MAX_PLACEHOLDERS) {
      emit(['alertDetailsOverride', f], 'rule-placeholder-count', `${f} has ${count} {{column}} placeholders; Sentinel allows at most ${MAX_PLACEHOLDERS}`);
    }
  }
}

function checkIncidentConfiguration(rule: AnalyticRule, emit: Emit): void {
  const g = rule.incidentConfiguration?.groupingConfiguration;
  if (!g) return;
  const base = ['incidentConfiguration', 'groupingConfiguration'];
  if (g.lookbackDurationMs !== undefined && (g.lookbackDurationMs < 5 * MINUTE || g.lookbackDurationMs > 7 * DAY)) {
    emit([...base, 'lookbackDuration'], 'rule-incident-lookback-range', `lookbackDuration ${g.lookbackDuration} is outside 5m..7d`);
  }
  if (g.enabled && g.matchingMethod === 'Selected'
    && !(g.groupByEntities?.length || g.groupByAlertDetails?.length || g.groupByCustomDetails?.length)) {
    emit([...base, 'matchingMethod'], 'rule-incident-grouping-selection', 'matchingMethod Selected needs at least one of groupByEntities, groupByAlertDetails, groupByCustomDetails');
  }
  const mappedTypes = new Set(rule.entityMappings.map((m) => m.entityType));
  g.groupByEntities?.forEach((t, i) => {
    if (ENTITY_TYPES[t] && !mappedTypes.has(t)) {
      emit([...base, 'groupByEntities', i], 'rule-incident-entity-unmapped', `groupByEntities lists ${t}, but the rule maps no ${t} entity`);
    }
  });
  g.groupByCustomDetails?.forEach((k, i) => {
    if (!(k in rule.customDetails)) {
      const hint = didYouMean(k, Object.keys(rule.customDetails));
      emit([...base, 'groupByCustomDetails', i], 'rule-incident-custom-detail-unknown', `groupByCustomDetails lists "${k}", which is not a key of customDetails${hint ? `; did you mean "${hint}"?` : ''}`);
    }
  });
}

function checkSuppression(rule: AnalyticRule, emit: Emit): void {
  if (rule.suppressionEnabled && rule.suppressionDuration === undefined) {
    emit('suppressionEnabled', 'rule-suppression-duration', 'suppressionEnabled is true but no suppressionDuration is given');
  }
  const ms = rule.suppressionDurationMs;
  if (ms !== undefined && (ms < 5 * MINUTE || ms > DAY)) {
    emit('suppressionDuration', 'rule-suppression-range', `suppressionDuration ${rule.suppressionDuration} is outside 5m..24h`);
  }
  if (ms !== undefined && rule.queryFrequencyMs !== undefined && rule.suppressionEnabled && ms < rule.queryFrequencyMs) {
    emit('suppressionDuration', 'rule-suppression-shorter-than-frequency', `suppressionDuration ${formatDuration(ms)} is shorter than queryFrequency ${rule.queryFrequency}; it suppresses nothing`, 'warning');
  }
}

/** Ids must be unique across all rules (upstream: across Detections and Solutions). */
export function checkUniqueIds(rules: AnalyticRule[]): Problem[] {
  const out: Problem[] = [];
  const first = new Map<string, AnalyticRule>();
  for (const rule of rules) {
    if (!rule.id) continue;
    const key = rule.id.toLowerCase();
    const prior = first.get(key);
    if (!prior) { first.set(key, rule); continue; }
    const at = rule.source.locate('id').value;
    const p = prior.source.locate('id').value;
    out.push({ file: rule.source.file, line: at.line, column: at.column, code: 'rule-id-duplicate', severity: 'error',
      message: `id ${rule.id} is already used by ${prior.source.file}:${p.line}; give this rule a new GUID` });
  }
  return out;
}

