import { fail, pass, type CheckEvaluator } from './check.ts';

export const publicNetworkAccessDisabled: CheckEvaluator = {
  id: 'public-network-access-disabled',
  evaluate({ hsm }) {
    const value = hsm.properties.publicNetworkAccess;
    // Absent means the service default, Enabled (ManagedHsmProperties.publicNetworkAccess in the KeyVault spec).
    return value === 'Disabled'
      ? pass('publicNetworkAccess is Disabled', { publicNetworkAccess: value })
      : fail(`publicNetworkAccess is ${value ?? 'not set (Enabled by default)'}`, { publicNetworkAccess: value ?? null });
  },
};
