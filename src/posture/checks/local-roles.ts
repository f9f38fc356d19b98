/**
 * Duties that Managed HSM local roles grant, read from the role definitions' data actions (names as in
 * KnownKeyVaultDataAction / the built-in roles page, prefix Microsoft.KeyVault/managedHsm), and the pairs of duties
 * one identity should not hold together.
 */
import type { LocalRoleAssignment, LocalRoleDefinition } from '../model.ts';

export const ADMINISTRATOR_ROLE_ID = 'a290e904-7015-4bba-90c8-60543313cdb4';

const PREFIX = 'Microsoft.KeyVault/managedHsm';

export type Duty = 'role-management' | 'key-use' | 'backup' | 'restore';

const DUTY_ACTIONS: Record<Duty, string[]> = {
  'role-management': ['/roleAssignments/write/action'],
  'key-use': ['/keys/encrypt/action', '/keys/decrypt/action', '/keys/wrap/action', '/keys/unwrap/action', '/keys/sign/action', '/keys/release/action'],
  backup: ['/backup/start/action'],
  restore: ['/restore/start/action'],
};

export const CONFLICTS: [Duty, Duty, string][] = [
  ['role-management', 'key-use', 'grants access to keys and uses them'],
  ['backup', 'restore', 'backs up and restores the HSM'],
];

/** An action pattern with `*` as a wildcard, matched case-insensitively. */
function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** Whether a role definition grants a data action (dataActions minus notDataActions, wildcards honoured). */
export function grants(def: LocalRoleDefinition, action: string): boolean {
  return def.properties.permissions.some((p) => (p.dataActions ?? []).some((a) => matches(a, action)) && !(p.notDataActions ?? []).some((a) => matches(a, action)));
}

export function duties(def: LocalRoleDefinition): Set<Duty> {
  const out = new Set<Duty>();
  for (const [duty, actions] of Object.entries(DUTY_ACTIONS) as [Duty, string[]][]) if (actions.some((a) => grants(def, `${PREFIX}${a}`))) out.add(duty);
  return out;
}

export const roleIdOf = (a: LocalRoleAssignment): string => a.properties.roleDefinitionId.split('/').pop()!.toLowerCase();

export function definitionsById(defs: LocalRoleDefinition[]): Map<string, LocalRoleDefinition> {
  return new Map(defs.map((d) => [d.name.toLowerCase(), d]));
}

export const isCustom = (d: LocalRoleDefinition): boolean => d.properties.type === 'CustomRole';
