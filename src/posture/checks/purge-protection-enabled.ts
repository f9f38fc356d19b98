import { fail, pass, type CheckEvaluator } from './check.ts';

export const purgeProtectionEnabled: CheckEvaluator = {
  id: 'purge-protection-enabled',
  evaluate({ hsm }) {
    const value = hsm.properties.enablePurgeProtection;
    return value === true
      ? pass('enablePurgeProtection is true', { enablePurgeProtection: true })
      : fail(`enablePurgeProtection is ${value ?? 'not set (false)'}: a deleted HSM can be purged before its retention ends`, { enablePurgeProtection: value ?? null });
  },
};
