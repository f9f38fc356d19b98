import { fail, pass, type CheckEvaluator } from './check.ts';

export const firewallDefaultDeny: CheckEvaluator = {
  id: 'firewall-default-deny',
  evaluate({ hsm }) {
    const acls = hsm.properties.networkAcls ?? undefined;
    const values = { defaultAction: acls?.defaultAction ?? null, ipRules: (acls?.ipRules ?? []).map((r) => r.value), bypass: acls?.bypass ?? null, publicNetworkAccess: hsm.properties.publicNetworkAccess ?? null };
    if (acls?.defaultAction === 'Deny') return pass(`networkAcls.defaultAction is Deny${values.ipRules.length ? ` with ${values.ipRules.length} allowed address range(s): ${values.ipRules.join(', ')}` : ''}`, values);
    if (hsm.properties.publicNetworkAccess === 'Disabled') return pass(`publicNetworkAccess is Disabled, so the firewall default action (${acls?.defaultAction ?? 'not set'}) admits no public traffic`, values);
    return fail(`networkAcls.defaultAction is ${acls?.defaultAction ?? 'not set (Allow)'} and public network access is on`, values);
  },
};
