import { managedHsmPolicy } from '../policies.ts';
import { fail, pass, unknown, type CheckEvaluator } from './check.ts';

export const azurePolicyAssigned: CheckEvaluator = {
  id: 'azure-policy-assigned',
  evaluate({ hsm, policyStates, policyAssignments }) {
    if (policyStates.ok) {
      const watching = policyStates.value.filter((s) => managedHsmPolicy(s.policyDefinitionId));
      if (watching.length) {
        const names = [...new Set(watching.map((s) => `${managedHsmPolicy(s.policyDefinitionId)} (assignment ${s.policyAssignmentName ?? s.policyAssignmentId.split('/').pop()})`))];
        return pass(`evaluated by ${names.join('; ')}`, { policies: names });
      }
    }
    if (policyAssignments.ok) {
      const id = hsm.id.toLowerCase();
      const applies = policyAssignments.value.filter((a) => !(a.properties.notScopes ?? []).some((n) => id.startsWith(n.toLowerCase())));
      const direct = applies.filter((a) => managedHsmPolicy(a.properties.policyDefinitionId));
      if (direct.length) return pass(`assigned: ${direct.map((a) => `${managedHsmPolicy(a.properties.policyDefinitionId)} (assignment ${a.name} at ${a.properties.scope})`).join('; ')}`, { assignments: direct.map((a) => a.id) });
      const initiatives = applies.filter((a) => /\/policySetDefinitions\//i.test(a.properties.policyDefinitionId));
      if (!policyStates.ok && initiatives.length) {
        return unknown(`${policyStates.reason}; initiative assignment(s) ${initiatives.map((a) => a.properties.displayName ?? a.name).join(', ')} may include Managed HSM policies`);
      }
      if (policyStates.ok || !initiatives.length) {
        return fail(`no built-in Managed HSM policy applies to the HSM (${applies.length} assignment(s) in scope, none for Managed HSM${policyStates.ok ? ', and no compliance state from one' : ''})`, { assignmentsInScope: applies.map((a) => a.name) });
      }
    }
    if (policyStates.ok) return fail('no compliance state from a built-in Managed HSM policy', { states: policyStates.value.length });
    return unknown(`${policyStates.reason}; ${policyAssignments.ok ? '' : policyAssignments.reason}`.replace(/; $/, ''));
  },
};
