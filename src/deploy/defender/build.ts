/**
 * The `defender` target of `content build`: a Graph request body per rule that can be a custom detection
 * (`defender/detectionRules/<rule>.json`) and, for every selected rule, whether it can and why not
 * (`defender/eligibility.json`). The time-column and table requirements are checked on the query as Microsoft's
 * Kusto parser binds it against the table schemas and the pack's functions (facts.ts).
 */
import type { TableSchema } from '../../kql/index.ts';
import type { EnvironmentConfig } from '../config.ts';
import { slug } from '../ids.ts';
import type { DeployContent, DeployRule } from '../model.ts';
import { selectedRules } from '../resources.ts';
import { queryFactsFor } from './facts.ts';
import { detectionRuleBody, effectiveRule, eligibility, type DetectionRuleBody } from './mapping.ts';

export interface DefenderFile { path: string; json: unknown }
export interface DefenderReport { rule: string; id: string; file?: string; eligible: boolean; reasons: string[] }

/** Every selected rule with its verdict and, when eligible, its body. */
export interface DefenderRule { rule: DeployRule; report: DefenderReport; body?: DetectionRuleBody; bindError?: string }

export function defenderRules(content: DeployContent, env: EnvironmentConfig, tables: TableSchema[]): DefenderRule[] {
  const factsOf = queryFactsFor(content.functions, tables);
  return selectedRules(content.rules, env).map((r) => {
    const rule = effectiveRule(r, env);
    const facts = factsOf(rule.query);
    const { eligible, reasons } = eligibility(rule, facts);
    const e = { eligible, reasons };
    const report: DefenderReport = { rule: r.name, id: r.id.toLowerCase(), ...(r.file ? { file: r.file } : {}), ...e };
    return { rule, report, ...(e.eligible ? { body: detectionRuleBody(rule, facts) } : {}), ...(facts.error ? { bindError: facts.error } : {}) };
  });
}

export function buildDefender(content: DeployContent, env: EnvironmentConfig, tables: TableSchema[]): { files: DefenderFile[]; report: DefenderReport[] } {
  const files: DefenderFile[] = [];
  const used = new Set<string>();
  const rules = defenderRules(content, env, tables);
  for (const { rule, body } of rules) {
    if (!body) continue;
    let name = slug(rule.name);
    for (let i = 2; used.has(name); i++) name = `${slug(rule.name)}-${i}`;
    used.add(name);
    files.push({ path: `defender/detectionRules/${name}.json`, json: body });
  }
  const report = rules.map((r) => r.report);
  files.push({ path: 'defender/eligibility.json', json: report });
  return { files, report };
}
