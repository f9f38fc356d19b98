import { fail, need, pass, unknown, type CheckEvaluator } from './check.ts';

export const logRetention: CheckEvaluator = {
  id: 'log-retention',
  evaluate(facts, { thresholds }) {
    const ws = need(facts.workspace);
    if ('outcome' in ws) return ws.outcome;
    const retention = ws.value.retention;
    if (!retention.ok) return unknown(retention.reason);
    const { days, from } = retention.value;
    const values = { workspace: ws.value.id, table: ws.value.table, retentionDays: days, from, requiredDays: thresholds.logRetentionDays };
    return days >= thresholds.logRetentionDays
      ? pass(`${ws.value.table} keeps ${days} days (${from})`, values)
      : fail(`${ws.value.table} keeps ${days} days (${from}), under the required ${thresholds.logRetentionDays}`, values);
  },
};
