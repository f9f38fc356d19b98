import { fail, need, pass, unknown, type CheckEvaluator } from './check.ts';

export const regularBackups: CheckEvaluator = {
  id: 'regular-backups',
  evaluate(facts, { thresholds, now }) {
    const ws = need(facts.workspace);
    if ('outcome' in ws) return ws.outcome;
    const activity = ws.value.activity;
    if (!activity.ok) return unknown(activity.reason);
    const { lastBackup, lastEvent, searchedDays } = activity.value;
    const values = { workspace: ws.value.id, lastBackup: lastBackup ?? null, maxAgeDays: thresholds.backupMaxAgeDays };
    if (!lastBackup) {
      // No events at all says nothing about backups: the logs are missing, which audit-events-arriving reports.
      if (!lastEvent) return unknown(`no audit events from the HSM in the last ${searchedDays} days, so the logs cannot tell when it was last backed up`);
      return fail(`no successful full backup (BackupCreate) in the last ${searchedDays} days`, values);
    }
    const days = (now.getTime() - Date.parse(lastBackup)) / 86_400_000;
    return days <= thresholds.backupMaxAgeDays
      ? pass(`last successful full backup at ${lastBackup}`, values)
      : fail(`last successful full backup at ${lastBackup}, ${Math.floor(days)} days ago (allowed: ${thresholds.backupMaxAgeDays})`, values);
  },
};
