import type { Variant } from '../model.ts';
import { toAzkvAuditLogs } from '../hsm-tables.ts';
import { isHsmAuditRow } from '../records.ts';

export const toResourceSpecific: Variant = {
  id: 'resource-specific-table',
  kind: 'shape',
  title: 'Managed HSM audit events in AZKVAuditLogs instead of AzureDiagnostics',
  models: 'A diagnostic setting with logAnalyticsDestinationType "Dedicated" writes AuditEvent to the resource-specific AZKVAuditLogs table',
  source: 'https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-keyvault-managedhsms-logs',
  keeps: 'expectations',
  cases: ['positive', 'negative'],
  apply({ rows, tables }) {
    if (!tables.has('AZKVAuditLogs')) return undefined;
    const moved = (rows.AzureDiagnostics ?? []).filter((r) => isHsmAuditRow('AzureDiagnostics', r));
    if (!moved.length) return undefined;
    return {
      rows: {
        ...rows,
        AzureDiagnostics: (rows.AzureDiagnostics ?? []).filter((r) => !isHsmAuditRow('AzureDiagnostics', r)),
        AZKVAuditLogs: [...(rows.AZKVAuditLogs ?? []), ...moved.map(toAzkvAuditLogs)],
      },
    };
  },
};
