/** The two table-swap variants: a Managed HSM diagnostic setting writing to the other destination table. */
import type { Variant } from '../model.ts';
import { toAzkvAuditLogs, toAzureDiagnostics } from '../hsm-tables.ts';
import { isHsmAuditRow, type Row } from '../records.ts';

/** Moves the Managed HSM rows of `from` to `to`, converted; undefined when the rule does not read `to` or there are none. */
function moveHsmRows(from: string, to: string, convert: (row: Row) => Row): Variant['apply'] {
  return ({ rows, tables }) => {
    if (!tables.has(to)) return undefined;
    const moved = (rows[from] ?? []).filter((r) => isHsmAuditRow(from, r));
    if (!moved.length) return undefined;
    return { rows: { ...rows, [from]: (rows[from] ?? []).filter((r) => !isHsmAuditRow(from, r)), [to]: [...(rows[to] ?? []), ...moved.map(convert)] } };
  };
}

const common = { kind: 'shape' as const, keeps: 'expectations' as const, cases: ['positive', 'negative'] as ('positive' | 'negative')[] };

export const toResourceSpecific: Variant = {
  ...common,
  id: 'resource-specific-table',
  title: 'Managed HSM audit events in AZKVAuditLogs instead of AzureDiagnostics',
  models: 'A diagnostic setting with logAnalyticsDestinationType "Dedicated" writes AuditEvent to the resource-specific AZKVAuditLogs table',
  source: 'https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-keyvault-managedhsms-logs',
  apply: moveHsmRows('AzureDiagnostics', 'AZKVAuditLogs', toAzkvAuditLogs),
};

export const toAzureDiagnosticsTable: Variant = {
  ...common,
  id: 'azure-diagnostics-table',
  title: 'Managed HSM audit events in AzureDiagnostics instead of AZKVAuditLogs',
  models: 'A diagnostic setting without logAnalyticsDestinationType (the default, "Azure diagnostics" mode) writes AuditEvent to AzureDiagnostics, as every Managed HSM query in Microsoft\'s docs assumes',
  source: 'https://learn.microsoft.com/azure/key-vault/managed-hsm/logging-azure-monitor',
  apply: moveHsmRows('AZKVAuditLogs', 'AzureDiagnostics', toAzureDiagnostics),
};
