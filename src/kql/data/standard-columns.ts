/**
 * The standard columns Log Analytics adds to every table ("Standard columns in Azure Monitor Logs",
 * learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns; types as in the per-table reference pages,
 * learn.microsoft.com/azure/azure-monitor/reference/tables/*): TenantId, Type, _ResourceId, _SubscriptionId,
 * _BilledSize and _IsBillable. A table is a Log Analytics table when it has a TimeGenerated column (every workspace
 * table has one); such a table gets the standard columns its schema lacks, in the binder's globals and in the data,
 * so that `T | where Type == "T"` binds and runs as in a workspace. Tables without TimeGenerated (fixtures,
 * lookups) are left as they are.
 *
 * Values, where a record does not give one:
 * - Type: the table's name.
 * - _ResourceId: the record's ResourceId (an ARM id, `/subscriptions/...`) in lower case, as Log Analytics stores it
 *   (the AzureDiagnostics records in the Key Vault monitoring reference show it lower-cased); else empty.
 * - _SubscriptionId: the subscription segment of _ResourceId; else the record's SubscriptionId; else empty.
 * - _IsBillable: "true", except the tables the cost documentation lists as free (AzureActivity, Heartbeat, Usage,
 *   Operation): "false". The column is a string, as in the table reference.
 * - _BilledSize: the size in bytes of the text of the record's other columns, without the standard columns the
 *   cost documentation excludes (_ResourceId, _SubscriptionId, _ItemId, _IsBillable, _BilledSize, TenantId, Type).
 *   Azure's exact string representation is not published: this is an approximation of the same quantity.
 * - TenantId (the workspace id): the record's value only; empty when absent (no workspace here).
 */
import type { ColumnSchema, TableSchema } from '../schema.ts';

export const STANDARD_COLUMNS: readonly ColumnSchema[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'Type', type: 'string' },
  { name: '_ResourceId', type: 'string' },
  { name: '_SubscriptionId', type: 'string' },
  { name: '_BilledSize', type: 'real' },
  { name: '_IsBillable', type: 'string' },
];

const FREE_TABLES = new Set(['AzureActivity', 'Heartbeat', 'Usage', 'Operation']);
const NOT_BILLED = new Set(['_ResourceId', '_SubscriptionId', '_ItemId', '_IsBillable', '_BilledSize', 'TenantId', '_TenantId', 'Type']);

/** Whether the table is a Log Analytics table (has TimeGenerated), and so has the standard columns. */
export function isWorkspaceTable(schema: TableSchema): boolean {
  return schema.columns.some((c) => c.name === 'TimeGenerated');
}

/** The schema with the standard columns it lacks appended (the same schema when it has them or is not a workspace table). */
export function withStandardColumns(schema: TableSchema): TableSchema {
  if (!isWorkspaceTable(schema)) return schema;
  const have = new Set(schema.columns.map((c) => c.name));
  const missing = STANDARD_COLUMNS.filter((c) => !have.has(c.name));
  return missing.length ? { name: schema.name, columns: [...schema.columns, ...missing] } : schema;
}

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * The value Log Analytics gives a standard column of a record that does not carry one (see the file comment), as a
 * record value for the column's type; undefined for a column that is not standard.
 */
export function standardValue(column: string, record: Record<string, unknown>, table: string): unknown {
  switch (column) {
    case 'Type':
      return table;
    case '_ResourceId':
      return resourceIdOf(record);
    case '_SubscriptionId': {
      const id = given(record._ResourceId) ? String(record._ResourceId) : resourceIdOf(record);
      const m = /^\/subscriptions\/([^/]+)/i.exec(id);
      if (m) return m[1]!.toLowerCase();
      return given(record.SubscriptionId) ? String(record.SubscriptionId).toLowerCase() : '';
    }
    case '_IsBillable':
      return FREE_TABLES.has(table) ? 'false' : 'true';
    case '_BilledSize':
      return billedSize(record);
    case 'TenantId':
      return '';
    default:
      return undefined;
  }
}

function resourceIdOf(record: Record<string, unknown>): string {
  const id = record.ResourceId;
  return typeof id === 'string' && /^\/subscriptions\//i.test(id) ? id.toLowerCase() : '';
}

/**
 * standardValue for the rows of one table, loaded one after another: the values derived from a record's ResourceId
 * and SubscriptionId are kept for the last ids seen (a file's rows nearly always share them), and `ascii` (the row's
 * text has no byte over 0x7f, which a reader knows for free) lets _BilledSize count string lengths instead of
 * encoding them.
 */
export class StandardValues {
  private lastResourceId: unknown = undefined;
  private lastResourceIdValue = '';
  private lastSubscriptionKey: unknown = undefined;
  private lastSubscriptionOf: unknown = undefined;
  private lastSubscriptionValue = '';

  constructor(private readonly table: string) {}

  value(column: string, record: Record<string, unknown>, ascii: boolean): unknown {
    switch (column) {
      case '_ResourceId':
        return this.resourceId(record);
      case '_SubscriptionId': {
        const key = given(record._ResourceId) ? record._ResourceId : this.resourceId(record);
        if (key !== this.lastSubscriptionKey || record.SubscriptionId !== this.lastSubscriptionOf) {
          this.lastSubscriptionKey = key;
          this.lastSubscriptionOf = record.SubscriptionId;
          this.lastSubscriptionValue = standardValue('_SubscriptionId', record, this.table) as string;
        }
        return this.lastSubscriptionValue;
      }
      case '_BilledSize':
        return billedSize(record, ascii);
      default:
        return standardValue(column, record, this.table);
    }
  }

  private resourceId(record: Record<string, unknown>): string {
    if (record.ResourceId !== this.lastResourceId) {
      this.lastResourceId = record.ResourceId;
      this.lastResourceIdValue = resourceIdOf(record);
    }
    return this.lastResourceIdValue;
  }
}

function billedSize(record: Record<string, unknown>, ascii = false): number {
  let bytes = 0;
  for (const k in record) {
    const v = record[k];
    if (v === undefined || v === null || v === '' || NOT_BILLED.has(k) || k === '_IngestionTime') continue;
    if (typeof v === 'string') bytes += ascii ? v.length : Buffer.byteLength(v, 'utf8');
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') bytes += String(v).length;
    else bytes += Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');
  }
  return bytes;
}
