import type { Variant } from '../model.ts';
import { changed, mapRows } from '../transform.ts';

export const identityJsonText: Variant = {
  id: 'identity-json-text',
  kind: 'shape',
  title: 'AZKVAuditLogs Identity as JSON text instead of a dynamic object',
  models: 'Pipelines that forward the storage-account JSON (where identity is a JSON-encoded string) or re-ingest through a custom table keep Identity as text',
  source: 'https://learn.microsoft.com/azure/key-vault/managed-hsm/logging (sample record: "identity": "{\\"claim\\":...}")',
  keeps: 'expectations',
  cases: ['positive', 'negative'],
  apply({ rows, tables }) {
    const out = mapRows(rows, (t) => tables.has(t) && t === 'AZKVAuditLogs', (row) =>
      row.Identity && typeof row.Identity === 'object' ? { ...row, Identity: JSON.stringify(row.Identity) } : row);
    return changed(rows, out) ? { rows: out } : undefined;
  },
};
