/**
 * The `defender` target of `content build`: a Graph request body per rule that can be a custom detection
 * (`defender/detectionRules/<rule>.json`) and, for every selected rule, whether it can and why not
 * (`defender/eligibility.json`). The time-column requirement is checked on the query's result schema as
 * Microsoft's Kusto parser binds it against the table schemas and the pack's functions.
 */
import { buildGlobals, loadKusto, type TableSchema } from '../../kql/index.ts';
import type { EnvironmentConfig } from '../config.ts';
import { slug } from '../ids.ts';
import type { DeployContent } from '../model.ts';
import { selectedRules } from '../resources.ts';
import { detectionRuleBody, effectiveRule, eligibility, type Eligibility } from './mapping.ts';

export interface DefenderFile { path: string; json: unknown }
export interface DefenderReport { rule: string; id: string; file?: string; eligible: boolean; reasons: string[] }

export function buildDefender(content: DeployContent, env: EnvironmentConfig, tables: TableSchema[]): { files: DefenderFile[]; report: DefenderReport[] } {
  const { Kusto, Bridge } = loadKusto();
  const arr = (x: unknown): any[] => (Array.isArray(x) ? x : Bridge.toArray(x));
  const globals = buildGlobals(tables, content.functions.map((f) => ({ name: f.name, parameters: `(${f.parameters ?? ''})`, body: f.query })));
  const columnsOf = (query: string): string[] | undefined => {
    const code = Kusto.Language.KustoCode.ParseAndAnalyze(query, globals);
    if (arr(code.GetDiagnostics()).some((d) => String(d.Severity) === 'Error')) return undefined;
    const cols = code.ResultType?.Columns;
    return cols ? arr(cols).map((c) => String(c.Name)) : undefined;
  };
  const files: DefenderFile[] = [];
  const report: DefenderReport[] = [];
  const used = new Set<string>();
  for (const r of selectedRules(content.rules, env)) {
    const rule = effectiveRule(r, env);
    const e: Eligibility = eligibility(rule, columnsOf(rule.query));
    report.push({ rule: r.name, id: r.id.toLowerCase(), ...(r.file ? { file: r.file } : {}), ...e });
    if (!e.eligible) continue;
    let name = slug(r.name);
    for (let i = 2; used.has(name); i++) name = `${slug(r.name)}-${i}`;
    used.add(name);
    files.push({ path: `defender/detectionRules/${name}.json`, json: detectionRuleBody(rule) });
  }
  files.push({ path: 'defender/eligibility.json', json: report });
  return { files, report };
}
