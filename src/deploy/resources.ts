/**
 * The wire model: one builder turns content + an environment into the resources to PUT. The ARM-template
 * backend and the REST deployer both use it, so a template and a `content deploy` send identical properties.
 * Resource references (workspace id, location, ...) come from a `Scope`: literal ids when deploying, ARM template
 * expressions when building templates.
 */
import { API_VERSIONS, type ResourceKind } from './arm/api-versions.ts';
import { matchesRule, type EnvironmentConfig } from './config.ts';
import { DeployError } from './errors.ts';
import type { DeployContent, DeployRule } from './model.ts';
import { actionGroupResource, logAlertResource } from './monitor/resources.ts';
import { alertRuleProperties, alertRuleResource, functionResource, functionResourceName, workbookResource } from './sentinel/resources.ts';
import type { DesiredResource, Scope, Target } from './wire.ts';

export * from './wire.ts';
export * from './sentinel/resources.ts';
export * from './monitor/resources.ts';

export interface BuildOptions {
  targets?: Partial<Record<Target, boolean>>;
  /** When given, content that cannot become a resource is reported here and left out instead of throwing. */
  problems?: DeployError[];
}

/** Every resource the content needs in this environment, in a stable order. */
export function desiredResources(content: DeployContent, env: EnvironmentConfig, scope: Scope, options: BuildOptions = {}): DesiredResource[] {
  const out: DesiredResource[] = [];
  const sentinel = options.targets?.sentinel ?? env.targets.sentinel;
  const monitor = options.targets?.monitor ?? env.targets.monitor;
  const guard = <T>(make: () => T, subject: string): T | undefined => {
    if (!options.problems) return make();
    try {
      return make();
    } catch (e) {
      if (!(e instanceof DeployError)) throw e;
      e.subject ??= subject;
      options.problems.push(e);
      return undefined;
    }
  };
  const push = (r: DesiredResource | undefined) => { if (r) out.push(r); };
  // A rule that cannot be expressed is left out of every target.
  const rules = selectedRules(content.rules, env).filter((r) => guard(() => alertRuleProperties(r, env), `alertRules/${r.id.toLowerCase()}`) !== undefined);
  // Workspace functions serve both targets: log alerts call them too.
  if (sentinel || monitor) {
    for (const fn of sortBy(content.functions, (f) => f.name.toLowerCase())) {
      const r = guard(() => functionResource(fn, env), `savedSearches/${functionResourceName(fn)}`);
      if (r) push({ ...r, target: sentinel ? 'sentinel' : 'monitor' });
    }
  }
  if (sentinel) {
    for (const rule of rules) push(alertRuleResource(rule, env));
    for (const wb of sortBy(content.workbooks, (w) => w.id)) push(guard(() => workbookResource(content.pack, wb, scope), `workbooks/${wb.id}`));
  }
  if (monitor) {
    const ag = env.monitor.actionGroupId ? undefined : actionGroupResource(env);
    if (ag) out.push(ag);
    const agId = env.monitor.actionGroupId ?? scope.actionGroupId(ag!.name);
    const monitored = env.monitor.rules ? rules.filter((r) => matchesRule(env.monitor.rules!, r)) : rules;
    for (const rule of monitored) {
      const res = logAlertResource(rule, env, scope, agId);
      if (res) out.push(res);
    }
  }
  // Two items mapping to one resource would overwrite each other: keep the first, report the rest.
  const keys = new Map<string, DesiredResource>();
  return out.filter((r) => {
    const first = keys.get(r.key);
    if (!first) { keys.set(r.key, r); return true; }
    const e = new DeployError('CONTENT_INVALID', `${r.displayName} maps to the same ${r.kind} resource '${r.name}' as ${first.displayName}${first.file ? ` (${first.file})` : ''}; give it a distinct id or name`, r.file ? { file: r.file } : undefined, r.key);
    if (!options.problems) throw e;
    options.problems.push(e);
    return false;
  });
}

export function selectedRules(rules: DeployRule[], env: EnvironmentConfig): DeployRule[] {
  const chosen = env.rules.only ? rules.filter((r) => matchesRule(env.rules.only!, r)) : rules;
  return sortBy(chosen, (r) => r.id.toLowerCase());
}

function sortBy<T>(items: T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function apiVersionOf(kind: ResourceKind): string {
  return API_VERSIONS[kind];
}
