import { isCustom } from './local-roles.ts';
import { fail, need, pass, type CheckEvaluator } from './check.ts';

export const customRolesWithoutWildcards: CheckEvaluator = {
  id: 'custom-roles-without-wildcards',
  evaluate(facts) {
    const definitions = need(facts.roleDefinitions);
    if ('outcome' in definitions) return definitions.outcome;
    const custom = definitions.value.filter(isCustom);
    const offending = custom.map((d) => ({
      role: d.properties.roleName,
      wildcards: d.properties.permissions.flatMap((p) => [...(p.actions ?? []), ...(p.dataActions ?? [])]).filter((a) => a.includes('*')),
    })).filter((o) => o.wildcards.length);
    if (offending.length) return fail(offending.map((o) => `custom role "${o.role}" grants ${o.wildcards.join(', ')}`).join('; '), { roles: offending });
    return pass(custom.length ? `${custom.length} custom role(s), none with a wildcard` : 'no custom role definitions', { customRoles: custom.map((d) => d.properties.roleName) });
  },
};
