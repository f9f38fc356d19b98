/**
 * `content import`: existing Sentinel analytic rules (Scheduled and NRT) as the pack's YAML, the inverse of
 * resources.ts's alertRuleProperties. The rule resources come from a workspace (ARM list of alertRules), an exported
 * ARM template (the portal's "Export" writes one: `resources[]` of type
 * `Microsoft.OperationalInsights/workspaces/providers/alertRules`, or `Microsoft.SecurityInsights/alertRules` with a
 * scope), a list response (`{ value: [...] }`), or one rule's resource JSON.
 *
 * The mapping: `displayName` → `name`; ISO 8601 durations → the YAML short form (`PT1H` → `1h`); `GreaterThan` →
 * `gt`; `techniques` and `subTechniques` → `relevantTechniques` (a sub-technique stands for its parent, as the
 * deployer splits them again); entity mappings, custom details, alert details override, event grouping, incident
 * configuration and sentinelEntitiesMappings copied; suppression only when enabled; `templateVersion` → `version`
 * (else 1.0.0). What YAML has no field for is reported as a note: a disabled rule (put its id in `rules.disabled`),
 * the gallery template it came from, other rule kinds (Fusion, Microsoft security, ML, TI), ARM expressions.
 */
import { Document } from 'yaml';
import { durationSeconds } from '../durations.ts';
import { slug, uuidV5 } from '../ids.ts';

type Json = Record<string, unknown>;

/** A rule resource found in a source, with the JSON path it was found at. */
export interface RuleResource { kind: string; name: string; properties: Json; path: string; /** The resource name as written (last segment), for messages. */ label: string }

export interface ImportNote { path: string; message: string }

export interface ImportedRule {
  id: string;
  name: string;
  /** File stem, named for what the rule detects. */
  stem: string;
  yaml: string;
  testYaml: string;
  /** The rule's changelog (`<stem>.changelog.yaml`): its version, imported. */
  changelogYaml: string;
  notes: ImportNote[];
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const RULE_TYPES = /^(microsoft\.operationalinsights\/workspaces\/providers\/alertrules|microsoft\.securityinsights\/alertrules)$/i;

/** The rule's GUID: the last one in its name (an ARM expression may hold it, or name a parameter whose default does). */
function ruleGuid(name: string, parameters: Json, displayName: string): string {
  const direct = name.match(GUID);
  if (direct) return direct.at(-1)!.toLowerCase();
  for (const m of name.matchAll(/parameters\('([^']+)'\)/g)) {
    const p = parameters[m[1]!] as { defaultValue?: unknown } | undefined;
    const g = typeof p?.defaultValue === 'string' ? p.defaultValue.match(GUID) : null;
    if (g) return g[0]!.toLowerCase();
  }
  return uuidV5(`imported-rule/${displayName.toLowerCase()}`);
}

/** Rule resources in any of the accepted shapes; anything else is a note. */
export function ruleResourcesIn(json: unknown): { resources: RuleResource[]; notes: ImportNote[] } {
  const resources: RuleResource[] = [];
  const notes: ImportNote[] = [];
  const obj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
  const take = (r: unknown, path: string, parameters: Json) => {
    if (!obj(r)) return;
    const type = String(r.type ?? '');
    if (type && !RULE_TYPES.test(type)) { notes.push({ path, message: `${type} is not an analytic rule; skipped` }); return; }
    const props = obj(r.properties) ? r.properties : undefined;
    if (!props) { notes.push({ path, message: 'no properties; skipped' }); return; }
    const displayName = String(props.displayName ?? '');
    const raw = String(r.name ?? r.id ?? '');
    const label = displayName || raw.replace(/'\)\]$|\]$/, '').split('/').pop()!.replace(/'.*$/, '');
    resources.push({ kind: String(r.kind ?? ''), name: ruleGuid(raw, parameters, displayName), properties: props, path, label });
  };
  if (Array.isArray(json)) json.forEach((r, i) => take(r, `[${i}]`, {}));
  else if (obj(json) && Array.isArray(json.resources)) {
    const parameters = obj(json.parameters) ? json.parameters : {};
    json.resources.forEach((r, i) => take(r, `resources[${i}]`, parameters));
  } else if (obj(json) && Array.isArray(json.value)) json.value.forEach((r, i) => take(r, `value[${i}]`, {}));
  else if (obj(json) && obj(json.properties)) take(json, '', {});
  else notes.push({ path: '', message: 'not an ARM template (resources), a list of alert rules (value) or an alert rule resource (properties)' });
  return { resources, notes };
}

/** `PT1H` → `1h`, `P1D` → `1d`, `PT90M` → `90m`. */
export function shortDuration(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = durationSeconds(value);
  if (s === undefined) return value;
  return s % 86400 === 0 ? `${s / 86400}d` : s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}

const OPERATORS: Record<string, string> = { greaterthan: 'gt', lessthan: 'lt', equal: 'eq', notequal: 'ne', gt: 'gt', lt: 'lt', eq: 'eq', ne: 'ne' };

/** Text with Windows line ends and trailing blanks removed (YAML block scalars cannot keep trailing blanks). */
function tidy(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t]+$/, '')).join('\n').trim();
}

/** A copy without nulls, empty strings, empty lists and empty objects. */
function pruned(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) { const a = value.map(pruned).filter((v) => v !== undefined); return a.length ? a : undefined; }
  if (typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) { const p = pruned(v); if (p !== undefined) out[k] = p; }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

function isExpression(v: unknown): boolean {
  return typeof v === 'string' && /^\[(?!\[)[\s\S]*\]$/.test(v.trim());
}

export interface ToYamlOptions {
  /** Where the rule came from, for the test skeleton's comment (a file or `workspace <name>`). */
  source: string;
  /** Table names the pack has schemas for (the test skeleton gets empty inline rows for those the query reads). */
  tables?: ReadonlySet<string>;
  /** The instant the skeleton's cases run at (default: now, to the hour). */
  now?: Date;
}

/** One rule resource as the pack's rule YAML and a test-file skeleton; undefined (with notes) when it cannot be one. */
export function importRule(r: RuleResource, o: ToYamlOptions): { rule?: ImportedRule; notes: ImportNote[] } {
  const p = r.properties;
  const notes: ImportNote[] = [];
  const at = (key: string) => `${r.path}${r.path ? '.' : ''}properties.${key}`;
  const kind = r.kind === 'NRT' ? 'NRT' : r.kind === 'Scheduled' ? 'Scheduled' : undefined;
  const displayName = typeof p.displayName === 'string' ? p.displayName.trim() : '';
  if (!kind) return { notes: [{ path: r.path, message: `${r.label}: kind ${r.kind || '(none)'} has no query-rule YAML form (only Scheduled and NRT); skipped` }] };
  for (const key of ['displayName', 'query', 'severity', 'queryFrequency', 'queryPeriod', 'triggerThreshold', 'description']) {
    if (isExpression(p[key])) return { notes: [{ path: at(key), message: `${r.label}: ${key} is an ARM expression (${String(p[key]).slice(0, 60)}); replace it with its value and import again` }] };
  }
  if (!displayName) return { notes: [{ path: at('displayName'), message: `${r.name}: no displayName; skipped` }] };
  if (typeof p.query !== 'string' || !p.query.trim()) return { notes: [{ path: at('query'), message: `${displayName}: no query; skipped` }] };
  const techniques = [...(Array.isArray(p.techniques) ? p.techniques as string[] : []), ...(Array.isArray(p.subTechniques) ? p.subTechniques as string[] : [])];
  const relevant = [...new Set(techniques.map((t) => String(t).toUpperCase()))].filter((t, _i, all) => t.includes('.') || !all.some((x) => x.startsWith(`${t}.`)));
  const rule: Json = {
    id: r.name,
    name: displayName,
    description: tidy(String(p.description ?? displayName)),
    severity: p.severity ?? 'Medium',
    requiredDataConnectors: [],
  };
  if (kind === 'Scheduled') {
    rule.queryFrequency = shortDuration(p.queryFrequency);
    rule.queryPeriod = shortDuration(p.queryPeriod);
    rule.triggerOperator = OPERATORS[String(p.triggerOperator ?? 'GreaterThan').toLowerCase()] ?? p.triggerOperator;
    rule.triggerThreshold = p.triggerThreshold ?? 0;
  }
  if (Array.isArray(p.tactics) && p.tactics.length) rule.tactics = (p.tactics as string[]).map((t) => String(t).replace(/\s+/g, ''));
  if (relevant.length) rule.relevantTechniques = relevant;
  rule.query = tidy(p.query);
  for (const key of ['entityMappings', 'customDetails', 'alertDetailsOverride', 'sentinelEntitiesMappings', 'eventGroupingSettings', 'incidentConfiguration'] as const) {
    let v = pruned(p[key]);
    if (key === 'incidentConfiguration' && v) {
      const g = (v as Json).groupingConfiguration as Json | undefined;
      if (g?.lookbackDuration) g.lookbackDuration = shortDuration(g.lookbackDuration);
    }
    if (key === 'eventGroupingSettings' && (v as Json | undefined)?.aggregationKind === 'SingleAlert') v = undefined; // the default
    if (v !== undefined) rule[key] = v;
  }
  if (p.suppressionEnabled === true) {
    rule.suppressionEnabled = true;
    rule.suppressionDuration = shortDuration(p.suppressionDuration) ?? '5h';
  }
  const version = typeof p.templateVersion === 'string' && /^\d+\.\d+\.\d+$/.test(p.templateVersion) ? p.templateVersion : '1.0.0';
  rule.version = version;
  rule.kind = kind;
  if (p.enabled === false) notes.push({ path: at('enabled'), message: `${displayName}: disabled in the source; the pack has no per-rule enabled field: put ${r.name} in rules.disabled of the environment (content.config.yaml)` });
  if (typeof p.alertRuleTemplateName === 'string' && p.alertRuleTemplateName) notes.push({ path: at('alertRuleTemplateName'), message: `${displayName}: made from the gallery template ${p.alertRuleTemplateName}${p.templateVersion ? ` (version ${p.templateVersion})` : ''}; the pack deploys it as its own rule` });
  if (!Array.isArray(p.entityMappings) || !p.entityMappings.length) notes.push({ path: at('entityMappings'), message: `${displayName}: no entity mappings; map at least one entity (content lint says which identifiers the columns allow)` });

  const doc = new Document(rule);
  const yaml = doc.toString({ lineWidth: 0, blockQuote: 'literal' });
  const stem = slug(displayName);
  const day = new Date(o.now ?? Date.now()).toISOString().slice(0, 10);
  const changelogYaml = `# Changes to "${displayName.replace(/"/g, "'")}", newest first.\n- version: ${version}\n  date: ${day}\n  changes:\n    - ${JSON.stringify(`Imported from ${o.source}${p.lastModifiedUtc ? ` (last modified there ${String(p.lastModifiedUtc).slice(0, 10)})` : ''}.`)}\n`;
  return { rule: { id: r.name, name: displayName, stem, yaml, testYaml: testSkeleton(displayName, rule.query as string, o), changelogYaml, notes }, notes };
}

function testSkeleton(name: string, query: string, o: ToYamlOptions): string {
  const now = new Date(o.now ?? Date.now());
  now.setUTCMinutes(0, 0, 0);
  const iso = now.toISOString().replace('.000Z', 'Z');
  const tables = [...new Set(query.match(/\b[A-Za-z_][A-Za-z0-9_]*\b/g) ?? [])].filter((w) => o.tables?.has(w)).sort();
  const rows = tables.length ? tables : ['AzureDiagnostics'];
  const rowLines = rows.map((t) => `      ${t}: []`).join('\n');
  return `# Tests of "${name}", imported from ${o.source}. Fill the rows: events the rule must alert on (positive) and
# near misses it must not (negative); each row is a record of the table, as Azure writes it (docs/testing.md).
# Until then the positive case fails, as it should: the rule is not yet tested.
cases:
  - name: alerts on what it detects
    kind: positive
    now: ${iso}
    rows:
${rowLines}
    expect:
      alerts: 1

  - name: stays quiet on ordinary activity
    kind: negative
    now: ${iso}
    rows:
${rowLines}
    expect:
      alerts: 0
`;
}
