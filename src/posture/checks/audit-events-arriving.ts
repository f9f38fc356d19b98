import { fail, need, pass, unknown, type CheckEvaluator } from './check.ts';

export const auditEventsArriving: CheckEvaluator = {
  id: 'audit-events-arriving',
  evaluate(facts, { thresholds, now }) {
    const ws = need(facts.workspace);
    if ('outcome' in ws) return ws.outcome;
    const activity = ws.value.activity;
    if (!activity.ok) return unknown(activity.reason);
    const last = activity.value.lastEvent;
    const values = { workspace: ws.value.id, lastEvent: last ?? null, silenceHours: thresholds.auditSilenceHours };
    if (!last) return fail(`no audit event from the HSM in workspace ${ws.value.id.split('/').pop()} in the last ${activity.value.searchedDays} days`, values);
    const hours = (now.getTime() - Date.parse(last)) / 3_600_000;
    return hours <= thresholds.auditSilenceHours
      ? pass(`last audit event at ${last}`, values)
      : fail(`last audit event at ${last}, ${Math.floor(hours)} hours ago (allowed: ${thresholds.auditSilenceHours})`, values);
  },
};
