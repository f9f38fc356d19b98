import { fail, pass, type CheckEvaluator } from './check.ts';

export const softDeleteRetention: CheckEvaluator = {
  id: 'soft-delete-retention',
  evaluate({ hsm }, { thresholds }) {
    const enabled = hsm.properties.enableSoftDelete;
    // The service default is 90 days when the property is absent (ManagedHsmProperties.softDeleteRetentionInDays).
    const days = hsm.properties.softDeleteRetentionInDays ?? 90;
    const values = { enableSoftDelete: enabled ?? null, softDeleteRetentionInDays: hsm.properties.softDeleteRetentionInDays ?? null, requiredDays: thresholds.softDeleteRetentionDays };
    if (enabled === false) return fail('enableSoftDelete is false', values);
    if (days < thresholds.softDeleteRetentionDays) return fail(`softDeleteRetentionInDays is ${days}, under the required ${thresholds.softDeleteRetentionDays}`, values);
    return pass(`soft delete on, softDeleteRetentionInDays is ${days}${hsm.properties.softDeleteRetentionInDays == null ? ' (service default)' : ''}`, values);
  },
};
