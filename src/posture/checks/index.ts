/** Every state check evaluator, by the check id of the baseline map. */
import type { CheckEvaluator } from './check.ts';
import { administratorHeldByGroups } from './administrator-held-by-groups.ts';
import { auditEventsArriving } from './audit-events-arriving.ts';
import { auditLogsToWorkspace } from './audit-logs-to-workspace.ts';
import { azurePolicyAssigned } from './azure-policy-assigned.ts';
import { azurePolicyCompliant } from './azure-policy-compliant.ts';
import { customRolesWithoutWildcards } from './custom-roles-without-wildcards.ts';
import { firewallDefaultDeny } from './firewall-default-deny.ts';
import { logRetention } from './log-retention.ts';
import { noConflictingRoles } from './no-conflicting-roles.ts';
import { privateEndpointApproved } from './private-endpoint-approved.ts';
import { publicNetworkAccessDisabled } from './public-network-access-disabled.ts';
import { purgeProtectionEnabled } from './purge-protection-enabled.ts';
import { regularBackups } from './regular-backups.ts';
import { securityDomainActivated } from './security-domain-activated.ts';
import { softDeleteRetention } from './soft-delete-retention.ts';

export const EVALUATORS: ReadonlyMap<string, CheckEvaluator> = new Map([
  publicNetworkAccessDisabled, firewallDefaultDeny, privateEndpointApproved,
  administratorHeldByGroups, noConflictingRoles, customRolesWithoutWildcards,
  auditLogsToWorkspace, auditEventsArriving, logRetention,
  purgeProtectionEnabled, softDeleteRetention, regularBackups,
  securityDomainActivated, azurePolicyAssigned, azurePolicyCompliant,
].map((e) => [e.id, e]));

export type { CheckEvaluator, EvaluationContext } from './check.ts';
