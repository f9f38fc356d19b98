import { fail, pass, unknown, type CheckEvaluator } from './check.ts';

export const securityDomainActivated: CheckEvaluator = {
  id: 'security-domain-activated',
  evaluate({ hsm }) {
    const sd = hsm.properties.securityDomainProperties ?? undefined;
    if (!sd?.activationStatus) return unknown('Resource Graph gave no securityDomainProperties.activationStatus for the HSM');
    const values = { activationStatus: sd.activationStatus, activationStatusMessage: sd.activationStatusMessage ?? null };
    return sd.activationStatus === 'Active'
      ? pass('securityDomainProperties.activationStatus is Active', values)
      : fail(`securityDomainProperties.activationStatus is ${sd.activationStatus}${sd.activationStatusMessage ? ` (${sd.activationStatusMessage})` : ''}: the security domain has not been downloaded`, values);
  },
};
