import type { Variant } from '../model.ts';
import { toAzkvAuditLogs, toAzureDiagnostics } from '../hsm-tables.ts';
import { isHsmAuditRow } from '../records.ts';

export const bothTables: Variant = {
  id: 'both-tables',
  kind: 'shape',
  title: 'every Managed HSM audit event in both AzureDiagnostics and AZKVAuditLogs',
  models: 'Two diagnostic settings on one HSM (one per destination type, e.g. a legacy setting kept while a Dedicated one is added) send every event to both tables; each event must still count once',
  source: 'https://learn.microsoft.com/rest/api/monitor/diagnostic-settings/create-or-update (logAnalyticsDestinationType)',
  keeps: 'expectations',
  cases: ['positive', 'negative'],
  apply({ rows, tables }) {
    if (!tables.has('AzureDiagnostics') || !tables.has('AZKVAuditLogs')) return undefined;
    const ad = (rows.AzureDiagnostics ?? []).filter((r) => isHsmAuditRow('AzureDiagnostics', r));
    const kv = (rows.AZKVAuditLogs ?? []).filter((r) => isHsmAuditRow('AZKVAuditLogs', r));
    if (!ad.length && !kv.length) return undefined;
    return {
      rows: {
        ...rows,
        AzureDiagnostics: [...(rows.AzureDiagnostics ?? []), ...kv.map(toAzureDiagnostics)],
        AZKVAuditLogs: [...(rows.AZKVAuditLogs ?? []), ...ad.map(toAzkvAuditLogs)],
      },
    };
  },
};
