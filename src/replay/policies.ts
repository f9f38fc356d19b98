/**
 * Test policies, enforced on the real replay output:
 *  - every rule has a test file with at least one positive and one negative case;
 *  - in every alert of a positive case, every column an entity mapping or a custom detail reads is produced by
 *    the query and non-empty in every result row behind the alert;
 *  - alertDetailsOverride placeholders and override columns name columns the query produces;
 *  - entity limits hold on the output: each extracted entity carries one of its type's required identifier
 *    combinations, and an alert stays within Sentinel's 500 entities.
 */
import { templateColumns, type QueryRows, type Alert } from './alerts.ts';
import { isEmptyValue, MAX_ENTITIES_PER_ALERT } from './entities.ts';
import type { ReplayRule } from './rule.ts';
import type { TestFile } from './test-file.ts';

/** Identifier combinations that identify an entity (any one group), from Sentinel's entity model. */
export const REQUIRED_IDENTIFIERS: Record<string, string[][]> = {
  Account: [['FullName'], ['Sid'], ['Name'], ['AadUserId'], ['PUID'], ['ObjectGuid']],
  AzureResource: [['ResourceId']],
  CloudApplication: [['AppId'], ['Name']],
  DNS: [['DomainName']],
  File: [['Name']],
  FileHash: [['Algorithm', 'Value']],
  Host: [['FullName'], ['HostName'], ['NetBiosName'], ['AzureID'], ['OMSAgentID']],
  IP: [['Address']],
  Mailbox: [['MailboxPrimaryAddress']],
  Malware: [['Name']],
  Process: [['CommandLine'], ['ProcessId']],
  RegistryKey: [['Key'], ['Hive']],
  RegistryValue: [['Name']],
  URL: [['Url']],
};

/** Columns the rule reads from the results (entity mappings and custom details), with what reads them. */
export function mappedColumns(rule: ReplayRule): { column: string; use: string }[] {
  const out: { column: string; use: string }[] = [];
  for (const m of rule.entityMappings) {
    for (const f of m.fieldMappings) out.push({ column: f.columnName, use: `entity ${m.entityType}.${f.identifier}` });
  }
  for (const [key, column] of Object.entries(rule.customDetails)) out.push({ column, use: `custom detail ${key}` });
  return out;
}

/** Findings for one triggered run of a positive case: missing or empty mapped columns, entity limits. */
export function outputFindings(rule: ReplayRule, q: QueryRows, alerts: Alert[]): string[] {
  const findings: string[] = [];
  for (const { column, use } of mappedColumns(rule)) {
    const i = q.columns.indexOf(column);
    if (i < 0) {
      findings.push(`${use}: the query does not produce column ${column}`);
      continue;
    }
    const empty = q.rows.findIndex((r) => isEmptyValue(r[i]));
    if (empty >= 0) findings.push(`${use}: column ${column} is empty in result row ${empty + 1}`);
  }
  const ado = rule.alertDetailsOverride;
  for (const [field, template] of [['alertDisplayNameFormat', ado.alertDisplayNameFormat], ['alertDescriptionFormat', ado.alertDescriptionFormat]] as const) {
    for (const column of templateColumns(template)) {
      if (!q.columns.includes(column)) findings.push(`${field}: placeholder {{${column}}} names a column the query does not produce`);
    }
  }
  for (const [field, column] of [['alertSeverityColumnName', ado.alertSeverityColumnName], ['alertTacticsColumnName', ado.alertTacticsColumnName]] as const) {
    if (column && !q.columns.includes(column)) findings.push(`${field}: the query does not produce column ${column}`);
  }
  for (const a of alerts) {
    if (a.entitiesTruncated) findings.push(`alert "${a.name}" has more than ${MAX_ENTITIES_PER_ALERT} entities; Sentinel drops the rest`);
    for (const e of a.entities) {
      const groups = REQUIRED_IDENTIFIERS[e.type];
      if (groups && !groups.some((g) => g.every((id) => e.identifiers[id] !== undefined))) {
        findings.push(
          `entity ${e.type} ${JSON.stringify(e.identifiers)} lacks a required identifier (one of ${groups.map((g) => g.join('+')).join(', ')})`,
        );
      }
    }
  }
  return [...new Set(findings)];
}

/** File-level policy: at least one positive and one negative case. */
export function coverageFindings(file: TestFile): string[] {
  const out: string[] = [];
  if (!file.cases.some((c) => c.kind === 'positive')) out.push('has no positive case (a case that must alert)');
  if (!file.cases.some((c) => c.kind === 'negative')) out.push('has no negative case (a benign look-alike that must not alert)');
  return out;
}
