import { ADMINISTRATOR_ROLE_ID, roleIdOf } from './local-roles.ts';
import { fail, need, pass, type CheckEvaluator } from './check.ts';

export const administratorHeldByGroups: CheckEvaluator = {
  id: 'administrator-held-by-groups',
  evaluate(facts) {
    const assignments = need(facts.roleAssignments);
    if ('outcome' in assignments) return assignments.outcome;
    const admins = assignments.value.filter((a) => roleIdOf(a) === ADMINISTRATOR_ROLE_ID);
    if (!admins.length) return fail('no local assignment of Managed HSM Administrator: nobody can manage the security domain, roles or backups', { administrators: [] });
    const principals = need(facts.principals);
    if ('outcome' in principals) return principals.outcome;
    const held = admins.map((a) => {
      const p = principals.value.get(a.properties.principalId.toLowerCase());
      return { principalId: a.properties.principalId, kind: p?.kind ?? 'not found', name: p?.displayName ?? null, scope: a.properties.scope, assignment: a.name };
    });
    const values = { administrators: held };
    const users = held.filter((h) => h.kind === 'user');
    const missing = held.filter((h) => h.kind === 'not found' || h.kind === 'other');
    if (users.length || missing.length) {
      const parts = [
        ...users.map((u) => `user ${u.name ?? u.principalId}`),
        ...missing.map((m) => `${m.principalId} (${m.kind === 'not found' ? 'not in the directory: a deleted principal' : 'not a group'})`),
      ];
      return fail(`Managed HSM Administrator is assigned to ${parts.join(', ')}`, values);
    }
    return pass(`Managed HSM Administrator is held by ${held.map((h) => `${h.kind === 'group' ? 'group' : 'workload identity'} ${h.name ?? h.principalId}`).join(', ')}`, values);
  },
};
