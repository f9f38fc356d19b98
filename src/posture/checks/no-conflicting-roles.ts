import { CONFLICTS, definitionsById, duties, isCustom, roleIdOf, type Duty } from './local-roles.ts';
import { fail, need, pass, type CheckEvaluator } from './check.ts';

/**
 * A principal holds conflicting duties when two of its role assignments give the two duties of a pair, or a custom
 * role gives both. A built-in role that bundles both (Managed HSM Administrator: full backup and restore) is the
 * service's design; who holds it is the administrator check's concern.
 */
export const noConflictingRoles: CheckEvaluator = {
  id: 'no-conflicting-roles',
  evaluate(facts) {
    const assignments = need(facts.roleAssignments);
    if ('outcome' in assignments) return assignments.outcome;
    const definitions = need(facts.roleDefinitions);
    if ('outcome' in definitions) return definitions.outcome;
    const byId = definitionsById(definitions.value);
    const byPrincipal = new Map<string, { role: string; custom: boolean; duties: Set<Duty> }[]>();
    for (const a of assignments.value) {
      const def = byId.get(roleIdOf(a));
      if (!def) continue;
      const list = byPrincipal.get(a.properties.principalId) ?? [];
      list.push({ role: def.properties.roleName, custom: isCustom(def), duties: duties(def) });
      byPrincipal.set(a.properties.principalId, list);
    }
    const conflicts: { principalId: string; duties: string; roles: string[] }[] = [];
    for (const [principalId, roles] of byPrincipal) {
      for (const [a, b, what] of CONFLICTS) {
        const withA = roles.filter((r) => r.duties.has(a));
        const withB = roles.filter((r) => r.duties.has(b));
        if (!withA.length || !withB.length) continue;
        const custom = roles.some((r) => r.custom && r.duties.has(a) && r.duties.has(b));
        const bundled = roles.some((r) => !r.custom && r.duties.has(a) && r.duties.has(b));
        const separate = withA.some((ra) => withB.some((rb) => ra !== rb));
        if (custom || (separate && !bundled)) conflicts.push({ principalId, duties: what, roles: [...new Set([...withA, ...withB].map((r) => r.role))] });
      }
    }
    const principalNames = facts.principals.ok ? facts.principals.value : undefined;
    const who = (id: string) => principalNames?.get(id.toLowerCase())?.displayName ?? id;
    if (conflicts.length) return fail(conflicts.map((c) => `${who(c.principalId)} ${c.duties} (${c.roles.join(' + ')})`).join('; '), { conflicts });
    return pass(`none of the ${byPrincipal.size} principals with local roles holds conflicting duties`, { principals: byPrincipal.size });
  },
};
