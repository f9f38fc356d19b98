import type { Variant } from '../model.ts';
import { toAzureDiagnostics } from '../hsm-tables.ts';
import { isHsmAuditRow } from '../records.ts';

export const toAzureDiagnosticsTable: Variant = {
  id: 'azure-diagnostics-table',
  kind: 'shape',
  title: 'Managed HSM audit events in AzureDiagnostics instead of AZKVAuditLogs',
  models: 'A diagnostic setting without logAnalyticsDestinationType (the default, "Azure diagnostics" mode) writes AuditEvent to AzureDiagnostics, as every Managed HSM query in Microsoft\'s docs assumes',
  source: 'https://learn.microsoft.com/azure/key-vault/managed-hsm/logging-azure-monitor',
  keeps: 'expectations',
  cases: ['positive', 'negative'],
  apply({ rows, tables }) {
    if (!tables.has('AzureDiagnostics')) return undefined;
    const moved = (rows.AZKVAuditLogs ?? []).filter((r) => isHsmAuditRow('AZKVAuditLogs', r));
    if (!moved.length) return undefined;
    return {
      rows: {
        ...rows,
        AZKVAuditLogs: (rows.AZKVAuditLogs ?? []).filter((r) => !isHsmAuditRow('AZKVAuditLogs', r)),
        AzureDiagnostics: [...(rows.AzureDiagnostics ?? []), ...moved.map(toAzureDiagnostics)],
      },
    };
  },
};
