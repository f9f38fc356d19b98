import { managedHsmPolicy } from '../policies.ts';
import { fail, need, pass, unknown, type CheckEvaluator } from './check.ts';

export const azurePolicyCompliant: CheckEvaluator = {
  id: 'azure-policy-compliant',
  evaluate({ policyStates }) {
    const r = need(policyStates);
    if ('outcome' in r) return r.outcome;
    const states = r.value;
    if (!states.length) return unknown('no Azure Policy compliance state for the HSM: no assigned policy evaluates it');
    const name = (s: (typeof states)[number]) => `${managedHsmPolicy(s.policyDefinitionId) ?? s.policyDefinitionName ?? s.policyDefinitionId.split('/').pop()} (assignment ${s.policyAssignmentName ?? s.policyAssignmentId.split('/').pop()})`;
    const failing = states.filter((s) => s.complianceState === 'NonCompliant' || (s.complianceState === undefined && s.isCompliant === false));
    const values = { states: states.map((s) => ({ policyDefinitionId: s.policyDefinitionId, policyAssignmentId: s.policyAssignmentId, complianceState: s.complianceState ?? (s.isCompliant ? 'Compliant' : 'NonCompliant') })) };
    if (failing.length) return fail(`non-compliant with ${failing.map(name).join('; ')}`, values);
    return pass(`compliant with all ${states.length} evaluated polic${states.length === 1 ? 'y' : 'ies'}`, values);
  },
};
