/**
 * Azure Activity writes one ARM write as several records sharing a CorrelationId: Start (the only record that
 * carries Properties.requestbody), Accept (HTTP 202) for a long-running operation, then Success or Failure
 * (no request body). Two spellings of the status are in use (Start/Accept/Success in the current AzureActivity
 * schema, Started/Accepted/Succeeded in older collection paths).
 */
import type { Variant } from '../model.ts';
import { dynamicObject, guidFrom, withTime, type Row } from '../records.ts';
import { mapRows } from '../transform.ts';

const SUCCESS = /^(success|succeeded)$/i;
/** ARM operations Azure runs as long-running (202 Accepted, then the outcome): the Key Vault HSM writes and deletes. */
const LONG_RUNNING = /^MICROSOFT\.KEYVAULT\/MANAGEDHSMS\/(WRITE|DELETE)$/i;

function withoutRequestBody(row: Row): Row {
  const out = { ...row };
  const pd = dynamicObject(row.Properties_d);
  if (pd && 'requestbody' in pd) {
    const { requestbody: _drop, ...rest } = pd;
    out.Properties_d = rest;
  }
  const pt = dynamicObject(row.Properties);
  if (pt && 'requestbody' in pt) {
    const { requestbody: _drop, ...rest } = pt;
    out.Properties = JSON.stringify(rest);
  }
  return out;
}

function status(row: Row, value: string, display: string, sub: string, at: number, seq: string): Row {
  const out = withTime(row, at);
  out.ActivityStatusValue = value;
  out.ActivityStatus = display;
  out.ActivitySubstatusValue = sub;
  if ('ActivitySubstatus' in row) out.ActivitySubstatus = sub;
  out.EventDataId = guidFrom(`${String(row.EventDataId ?? row.CorrelationId ?? '')}/${seq}`);
  return out;
}

function lifecycle(legacy: boolean): Variant['apply'] {
  return ({ rows, tables }) => {
    if (!tables.has('AzureActivity') || !(rows.AzureActivity ?? []).some((r) => SUCCESS.test(String(r.ActivityStatusValue ?? '')))) return undefined;
    const spell = legacy
      ? { start: 'Started', accept: 'Accepted', success: 'Succeeded' }
      : { start: 'Start', accept: 'Accept', success: 'Success' };
    return {
      rows: mapRows(rows, (t) => t === 'AzureActivity', (row) => {
        if (!SUCCESS.test(String(row.ActivityStatusValue ?? ''))) return row;
        const t = Date.parse(String(row.TimeGenerated));
        const lro = LONG_RUNNING.test(String(row.OperationNameValue ?? ''));
        const start = status(row, spell.start, 'Started', '', t - (lro ? 25_000 : 2_000), 'start');
        const done = withoutRequestBody(status(row, spell.success, 'Succeeded', String(row.ActivitySubstatusValue ?? 'OK'), t, 'success'));
        if (!lro) return [start, done];
        const accept = withoutRequestBody(status(row, spell.accept, 'Accepted', 'Accepted', t - 24_000, 'accept'));
        return [start, accept, done];
      }),
    };
  };
}

const common = {
  kind: 'shape' as const,
  keeps: 'expectations' as const,
  cases: ['positive', 'negative'] as ('positive' | 'negative')[],
  source: 'https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema (status: Started, Accepted, Succeeded; one CorrelationId per operation)',
};

export const activityLifecycle: Variant = {
  ...common,
  id: 'activity-lifecycle',
  title: 'each Azure Activity write as Start (request body), Accept (202, long-running) and Success (no body)',
  models: 'Azure Activity logs an ARM write as several records sharing a CorrelationId; only Start carries Properties.requestbody',
  apply: lifecycle(false),
};

export const activityLifecycleLegacy: Variant = {
  ...common,
  id: 'activity-lifecycle-legacy-spelling',
  title: 'the same records with the Started / Accepted / Succeeded spelling of ActivityStatusValue',
  models: 'Older Activity log collection writes the status values as Started, Accepted and Succeeded',
  apply: lifecycle(true),
};
