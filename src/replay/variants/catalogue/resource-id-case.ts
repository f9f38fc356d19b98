/**
 * Resource ids, names and request hosts in the letter case Azure writes them, which is not the lower case of the
 * pack's samples: AzureDiagnostics ResourceId is upper case, ARM writes `resourceGroups/.../Microsoft.KeyVault/
 * managedHSMs/<Name>` with the name as created, and request URIs keep the host as the client typed it.
 */
import type { Variant } from '../model.ts';
import { hsmNameOf, renameHsm, type Row } from '../records.ts';
import { changed, mapRows } from '../transform.ts';

/** contoso-mhsm → Contoso-MHSM: each part capitalised, short parts (acronyms) upper case. */
export function mixedCase(name: string): string {
  return name.split('-').map((p) => (p.length <= 4 ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1))).join('-');
}

function armCase(row: Row, table: string): Row {
  const name = hsmNameOf(table, row);
  let out = name ? renameHsm(row, name, () => mixedCase(name)) : { ...row };
  out = { ...out };
  for (const col of ['_ResourceId', 'ResourceId']) {
    const v = out[col];
    if (typeof v !== 'string') continue;
    out[col] = table === 'AzureDiagnostics' && col === 'ResourceId'
      ? v.toUpperCase()
      : v.replace(/\/resourcegroups\/([^/]+)/i, (_m, g: string) => `/resourceGroups/${mixedCase(g.toLowerCase())}`)
        .replace(/\/providers\/microsoft\.keyvault\/managedhsms\//i, '/providers/Microsoft.KeyVault/managedHSMs/')
        .replace(/\/providers\/microsoft\.authorization\//i, '/providers/Microsoft.Authorization/');
  }
  if (table === 'AzureActivity' && typeof out.OperationNameValue === 'string') {
    out.OperationNameValue = out.OperationNameValue.replace(/^MICROSOFT\.KEYVAULT\/MANAGEDHSMS\//i, 'Microsoft.KeyVault/managedHSMs/')
      .replace(/^MICROSOFT\.AUTHORIZATION\//i, 'Microsoft.Authorization/')
      .replace(/\/(WRITE|DELETE|ACTION)$/i, (m) => m.toLowerCase());
  }
  if (table === 'AzureDiagnostics' && typeof out.Resource === 'string') out.Resource = out.Resource.toUpperCase();
  return out;
}

export const resourceIdCase: Variant = {
  id: 'resource-id-case',
  kind: 'shape',
  title: 'resource ids, HSM names and request hosts in mixed case (ARM casing; upper-case AzureDiagnostics ResourceId)',
  models: 'Azure writes resource ids in the case the resource was created with (Microsoft.KeyVault/managedHSMs/ContosoMHSM) and request hosts as the client sent them',
  source: 'https://learn.microsoft.com/azure/key-vault/managed-hsm/logging (sample: resourceId upper case, requestUri https://ContosoMHSM.managedhsm.azure.net/backup)',
  keeps: 'expectations',
  cases: ['positive', 'negative'],
  apply({ rows, tables }) {
    const out = mapRows(rows, (t) => tables.has(t) && ['AzureDiagnostics', 'AZKVAuditLogs', 'AzureActivity'].includes(t), (row, table) => armCase(row, table));
    return changed(rows, out) ? { rows: out } : undefined;
  },
};
