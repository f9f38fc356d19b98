/**
 * Per-environment parameters (`content.config.yaml`): where to deploy, which targets, which rules, and the
 * values that differ between environments (severities, thresholds, allow-lists). One JSON schema validates the
 * file; errors name the file, line and column.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import { DeployError } from './errors.ts';
import { durationSeconds } from './durations.ts';
import { explainYamlError } from '../content/yaml-errors.ts';

export interface RuleOverride {
  enabled?: boolean;
  severity?: 'High' | 'Medium' | 'Low' | 'Informational';
  triggerThreshold?: number;
  queryFrequency?: string;
  queryPeriod?: string;
  suppressionEnabled?: boolean;
  suppressionDuration?: string;
}

export interface ActionGroupConfig { name: string; shortName: string; emails: string[] }

export interface EnvironmentConfig {
  name: string;
  subscription?: string;
  resourceGroup?: string;
  workspace?: string;
  /** Workspace GUID (customerId), used by the preflight and live queries. */
  workspaceId?: string;
  location?: string;
  armEndpoint?: string;
  /** `defender`: Defender XDR custom detections (`content build`; `content plan`/`deploy` take it alone). */
  targets: { sentinel: boolean; monitor: boolean; defender?: boolean };
  /** Whether the config chose the targets; if not, build emits both and deploy only Sentinel. */
  targetsDeclared: boolean;
  rules: {
    /** Rule ids or names deployed disabled. */
    disabled: string[];
    /** When set, only these rules (ids or names) are deployed at all. */
    only?: string[];
    overrides: Record<string, RuleOverride>;
  };
  /** Values for `let <name> = <literal>;` declarations at the top level of rule and function queries. */
  parameters: Record<string, unknown>;
  monitor: { actionGroupId?: string; actionGroup?: ActionGroupConfig; rules?: string[] };
}

/** The environment used when no config file or --env is given: Sentinel only, everything as authored. */
export function defaultEnvironment(): EnvironmentConfig {
  return { name: 'default', targets: { sentinel: true, monitor: true }, targetsDeclared: false, rules: { disabled: [], overrides: {} }, parameters: {}, monitor: {} };
}

const SEVERITY = { enum: ['High', 'Medium', 'Low', 'Informational'] };
const DURATION = { type: 'string', pattern: '^(\\d+[smhd]|P.*)$' };
const ENVIRONMENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subscription: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' },
    resourceGroup: { type: 'string', minLength: 1 },
    workspace: { type: 'string', minLength: 1 },
    workspaceId: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' },
    location: { type: 'string', minLength: 1 },
    armEndpoint: { type: 'string', pattern: '^https://' },
    targets: { type: 'array', items: { enum: ['sentinel', 'monitor', 'defender'] }, uniqueItems: true },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        disabled: { type: 'array', items: { type: 'string' } },
        only: { type: 'array', items: { type: 'string' } },
        overrides: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: {
              enabled: { type: 'boolean' },
              severity: SEVERITY,
              triggerThreshold: { type: 'integer', minimum: 0, maximum: 10000 },
              queryFrequency: DURATION,
              queryPeriod: DURATION,
              suppressionEnabled: { type: 'boolean' },
              suppressionDuration: DURATION,
            },
          },
        },
      },
    },
    parameters: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: {
        anyOf: [
          { type: ['string', 'number', 'boolean'] },
          { type: 'array', items: { type: ['string', 'number', 'boolean'] } },
        ],
      },
    },
    monitor: {
      type: 'object',
      additionalProperties: false,
      properties: {
        actionGroupId: { type: 'string', pattern: '^/subscriptions/' },
        actionGroup: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'shortName'],
          properties: {
            name: { type: 'string', minLength: 1 },
            shortName: { type: 'string', minLength: 1, maxLength: 12 },
            emails: { type: 'array', items: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' } },
          },
        },
        rules: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['environments'],
  properties: {
    defaults: ENVIRONMENT_SCHEMA,
    environments: { type: 'object', minProperties: 1, additionalProperties: ENVIRONMENT_SCHEMA },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(CONFIG_SCHEMA);

export type RawEnv = {
  subscription?: string; resourceGroup?: string; workspace?: string; workspaceId?: string; location?: string; armEndpoint?: string;
  targets?: ('sentinel' | 'monitor' | 'defender')[];
  rules?: { disabled?: string[]; only?: string[]; overrides?: Record<string, RuleOverride> };
  parameters?: Record<string, unknown>;
  monitor?: EnvironmentConfig['monitor'];
};

export interface ContentConfig {
  file: string;
  environments: Map<string, EnvironmentConfig>;
  /** The sections as written (`defaults` and each environment), before merging, for checks against the content. */
  raw?: { defaults?: RawEnv; environments: Record<string, RawEnv> };
  /** Line and column of the node at a path (`['environments', 'dev', 'rules', 'only', 0]`); `key: true` for a map key. */
  positionOf?(path: (string | number)[], key?: boolean): { line: number; column: number } | undefined;
}

/** Reads a config file; `display` is the path messages show (default: `file`). */
export async function loadConfig(file: string, display = file): Promise<ContentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DeployError('CONFIG_INVALID', `cannot read config: ${(e as Error).message}`, { file: display });
  }
  return parseConfig(text, display);
}

export function parseConfig(text: string, file: string): ContentConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { file };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length) {
    const e = explainYamlError(doc.errors[0]!, text, lineCounter);
    throw new DeployError('CONFIG_INVALID', `YAML: ${e.message}`, { file, line: e.line, column: e.column });
  }
  const raw = doc.toJS() as unknown;
  if (!validate(raw)) {
    const err = (validate.errors ?? [])[0] as ErrorObject;
    const path = err.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const node = doc.getIn(path, true);
    const where = isNode(node) ? at(node.range?.[0]) : at(undefined);
    const what = err.keyword === 'additionalProperties'
      ? `unknown key '${(err.params as { additionalProperty: string }).additionalProperty}'`
      : err.message ?? 'invalid';
    throw new DeployError('CONFIG_INVALID', `${path.join('.') || '(top level)'}: ${what} (see docs/deploy.md, "Configuration")`, where);
  }
  const cfg = raw as { defaults?: RawEnv; environments: Record<string, RawEnv> };
  const positionOf = (path: (string | number)[], key = false) => {
    let node: unknown;
    if (key) {
      const parent = doc.getIn(path.slice(0, -1), true);
      if (isMap(parent)) node = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path.at(-1)))?.key;
    } else node = doc.getIn(path, true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const environments = new Map<string, EnvironmentConfig>();
  for (const [name, env] of Object.entries(cfg.environments)) {
    const merged = mergeEnv(name, cfg.defaults ?? {}, env ?? {});
    for (const [rule, o] of Object.entries(merged.rules.overrides)) {
      for (const key of ['queryFrequency', 'queryPeriod', 'suppressionDuration'] as const) {
        const v = o[key];
        if (v !== undefined && durationSeconds(v) === undefined) {
          const node = doc.getIn(['environments', name, 'rules', 'overrides', rule, key], true);
          throw new DeployError('CONFIG_INVALID', `environments.${name}.rules.overrides.${rule}.${key}: '${v}' is not a duration (use 5m, 1h, 1d or ISO 8601)`, isNode(node) ? at(node.range?.[0]) : at(undefined));
        }
      }
    }
    environments.set(name, merged);
  }
  return { file, environments, raw: cfg, positionOf };
}

function mergeEnv(name: string, d: RawEnv, e: RawEnv): EnvironmentConfig {
  const targets = e.targets ?? d.targets ?? ['sentinel', 'monitor'];
  return {
    name,
    subscription: e.subscription ?? d.subscription,
    resourceGroup: e.resourceGroup ?? d.resourceGroup,
    workspace: e.workspace ?? d.workspace,
    workspaceId: e.workspaceId ?? d.workspaceId,
    location: e.location ?? d.location,
    armEndpoint: e.armEndpoint ?? d.armEndpoint,
    targets: { sentinel: targets.includes('sentinel'), monitor: targets.includes('monitor'), ...(targets.includes('defender') ? { defender: true } : {}) },
    targetsDeclared: Boolean(e.targets ?? d.targets),
    rules: {
      disabled: [...(d.rules?.disabled ?? []), ...(e.rules?.disabled ?? [])],
      only: e.rules?.only ?? d.rules?.only,
      overrides: mergeOverrides(d.rules?.overrides ?? {}, e.rules?.overrides ?? {}),
    },
    parameters: { ...(d.parameters ?? {}), ...(e.parameters ?? {}) },
    monitor: { ...(d.monitor ?? {}), ...(e.monitor ?? {}) },
  };
}

function mergeOverrides(a: Record<string, RuleOverride>, b: Record<string, RuleOverride>): Record<string, RuleOverride> {
  const out: Record<string, RuleOverride> = {};
  for (const [k, v] of Object.entries(a)) out[k.toLowerCase()] = { ...v };
  for (const [k, v] of Object.entries(b)) out[k.toLowerCase()] = { ...(out[k.toLowerCase()] ?? {}), ...v };
  return out;
}

export function selectEnvironment(config: ContentConfig | undefined, name: string | undefined): EnvironmentConfig {
  if (!config) {
    if (name) throw new DeployError('CONFIG_ENV_UNKNOWN', `--env ${name} given but no config file (pass --config FILE or create content.config.yaml)`);
    return defaultEnvironment();
  }
  if (!name) {
    if (config.environments.size === 1) return [...config.environments.values()][0]!;
    throw new DeployError('CONFIG_ENV_UNKNOWN', `${config.file} has several environments (${[...config.environments.keys()].join(', ')}): pick one with --env NAME`);
  }
  const env = config.environments.get(name);
  if (!env) throw new DeployError('CONFIG_ENV_UNKNOWN', `${config.file} has no environment '${name}' (have: ${[...config.environments.keys()].join(', ')})`);
  return env;
}

/**
 * Applies `--targets` (comma-separated `sentinel`, `monitor`) or, when neither the flag nor the config chose,
 * the command's default. Returns an error message for an unknown target.
 */
export function chooseTargets(env: EnvironmentConfig, flag: string | undefined, fallback: Array<'sentinel' | 'monitor'>): string | undefined {
  let list: string[];
  if (flag !== undefined) list = flag.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  else if (env.targetsDeclared) return undefined;
  else list = fallback;
  const bad = list.find((t) => t !== 'sentinel' && t !== 'monitor' && t !== 'defender');
  if (bad || !list.length) return `--targets takes a comma-separated list of sentinel, monitor and defender (got '${flag}')`;
  env.targets = { sentinel: list.includes('sentinel'), monitor: list.includes('monitor'), ...(list.includes('defender') ? { defender: true } : {}) };
  return undefined;
}

/** True when `key` (a rule id or name) is in the list, case-insensitively. */
export function matchesRule(list: readonly string[], rule: { id: string; name: string }): boolean {
  return list.some((x) => x.toLowerCase() === rule.id.toLowerCase() || x.toLowerCase() === rule.name.toLowerCase());
}

export function overrideFor(env: EnvironmentConfig, rule: { id: string; name: string }): RuleOverride {
  return env.rules.overrides[rule.id.toLowerCase()] ?? env.rules.overrides[rule.name.toLowerCase()] ?? {};
}

/**
 * Replaces the literal of `let <name> = <literal>;` statements with the configured value. The query keeps its
 * authored default (so it lints and replays as written); environments change only the value.
 */
export function applyParameters(query: string, parameters: Record<string, unknown>): string {
  let out = query;
  for (const [name, value] of Object.entries(parameters)) {
    const re = new RegExp(`(^|\\n)(\\s*let\\s+${name}\\s*=\\s*)([^;]*)(;)`);
    out = out.replace(re, (_m, pre: string, head: string, _old: string, semi: string) => `${pre}${head}${kqlLiteral(value)}${semi}`);
  }
  return out;
}

export function kqlLiteral(value: unknown): string {
  if (Array.isArray(value)) return `dynamic([${value.map(kqlLiteral).join(', ')}])`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : `real(${value})`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new Error(`unsupported parameter value ${JSON.stringify(value)}`);
}
