/**
 * The posture model: the facts read about each Managed HSM (each fact readable or not, with the reason) and the
 * verdict of every state check of the baseline map on them.
 */
import type { StateCheck } from '../coverage/practices.ts';

/** A fact from one source: its value, or why it could not be read (missing permission, not found, failure). */
export type Readable<T> = { ok: true; value: T } | { ok: false; reason: string };

export const readable = <T>(value: T): Readable<T> => ({ ok: true, value });
export const unreadable = <T = never>(reason: string): Readable<T> => ({ ok: false, reason });

/** A Microsoft.KeyVault/managedHSMs resource as Resource Graph returns it (the fields the checks read). */
export interface HsmResource {
  id: string;
  name: string;
  location: string;
  resourceGroup: string;
  subscriptionId: string;
  tenantId?: string;
  sku?: { family?: string; name?: string };
  tags?: Record<string, string>;
  properties: {
    hsmUri?: string;
    provisioningState?: string;
    publicNetworkAccess?: string;
    enablePurgeProtection?: boolean | null;
    enableSoftDelete?: boolean | null;
    softDeleteRetentionInDays?: number | null;
    networkAcls?: { bypass?: string; defaultAction?: string; ipRules?: { value: string }[]; virtualNetworkRules?: { id: string }[] } | null;
    privateEndpointConnections?: { id?: string; properties?: { privateEndpoint?: { id?: string }; privateLinkServiceConnectionState?: { status?: string; description?: string }; provisioningState?: string } }[] | null;
    securityDomainProperties?: { activationStatus?: string; activationStatusMessage?: string } | null;
    [key: string]: unknown;
  };
}

/** Microsoft.Insights/diagnosticSettings (2021-05-01-preview) as listed on the HSM. */
export interface DiagnosticSetting {
  id: string;
  name: string;
  properties: {
    workspaceId?: string | null;
    storageAccountId?: string | null;
    eventHubAuthorizationRuleId?: string | null;
    logAnalyticsDestinationType?: string | null;
    logs?: { category?: string | null; categoryGroup?: string | null; enabled: boolean; retentionPolicy?: { enabled: boolean; days: number } }[];
  };
}

/** One latest policy state of the HSM (Microsoft.PolicyInsights policyStates, 2019-10-01). */
export interface PolicyState {
  policyAssignmentId: string;
  policyAssignmentName?: string;
  policyDefinitionId: string;
  policyDefinitionName?: string;
  policySetDefinitionId?: string | null;
  complianceState?: string;
  isCompliant?: boolean;
  timestamp?: string;
}

/** A Microsoft.Authorization/policyAssignments entry that applies to a subscription (atScope()). */
export interface PolicyAssignment {
  id: string;
  name: string;
  properties: { displayName?: string; policyDefinitionId: string; scope: string; notScopes?: string[]; enforcementMode?: string };
}

/** A Managed HSM local role assignment (data plane, api-version 7.4). */
export interface LocalRoleAssignment {
  id: string;
  name: string;
  properties: { scope: string; roleDefinitionId: string; principalId: string };
}

export interface LocalPermission { actions?: string[]; notActions?: string[]; dataActions?: string[]; notDataActions?: string[] }

/** A Managed HSM local role definition (built-in `AKVBuiltInRole` or `CustomRole`). */
export interface LocalRoleDefinition {
  id: string;
  name: string;
  properties: { roleName: string; description?: string; type: string; permissions: LocalPermission[]; assignableScopes?: string[] };
}

export type PrincipalKind = 'user' | 'group' | 'servicePrincipal' | 'other';

export interface Principal { id: string; kind: PrincipalKind; displayName?: string }

/** What the workspace that receives the HSM's audit events says. */
export interface WorkspaceFacts {
  /** ARM id of the workspace (from the diagnostic setting). */
  id: string;
  /** The table the audit events land in (AzureDiagnostics, or AZKVAuditLogs for a Dedicated setting). */
  table: string;
  /** Total retention of that table in days (interactive plus long-term), from ARM. */
  retention: Readable<{ days: number; from: string }>;
  /** Time of the last audit event and of the last successful full backup, from the logs. */
  activity: Readable<{ lastEvent?: string; lastBackup?: string; searchedDays: number }>;
}

export interface HsmFacts {
  hsm: HsmResource;
  diagnosticSettings: Readable<DiagnosticSetting[]>;
  policyStates: Readable<PolicyState[]>;
  policyAssignments: Readable<PolicyAssignment[]>;
  roleAssignments: Readable<LocalRoleAssignment[]>;
  roleDefinitions: Readable<LocalRoleDefinition[]>;
  principals: Readable<Map<string, Principal>>;
  workspace: Readable<WorkspaceFacts>;
}

export type CheckStatus = 'pass' | 'fail' | 'unknown';

/** What a check concluded and why: the property value, assignment or setting it read. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One sentence: the evidence for a pass or fail, the reason for an unknown. */
  evidence: string;
  /** The values read, for JSON readers (e.g. { publicNetworkAccess: 'Enabled' }). */
  values?: Record<string, unknown>;
}

export interface CheckResult extends CheckOutcome {
  check: string;
  practice: string;
  title: string;
  remediation: string;
}

export interface HsmPosture {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  results: CheckResult[];
}

export interface PostureReport {
  /** When the state was read (ISO). */
  evaluatedAt: string;
  scope: { subscriptions?: string[]; managementGroups?: string[] };
  checks: (StateCheck & { practice: string })[];
  hsms: HsmPosture[];
  /** Problems that are no HSM's (a subscription that Resource Graph could not read, ...). */
  warnings: string[];
  summary: { hsms: number; pass: number; fail: number; unknown: number };
}

/** Thresholds the checks compare against; each has a flag. */
export interface PostureThresholds {
  /** Minimum soft-delete retention in days (default 90). */
  softDeleteRetentionDays: number;
  /** Minimum audit log retention in days (default 365). */
  logRetentionDays: number;
  /** Oldest acceptable last full backup, in days (default 7). */
  backupMaxAgeDays: number;
  /** Audit events must have arrived within this many hours (default 24). */
  auditSilenceHours: number;
}

export const DEFAULT_THRESHOLDS: PostureThresholds = { softDeleteRetentionDays: 90, logRetentionDays: 365, backupMaxAgeDays: 7, auditSilenceHours: 24 };
