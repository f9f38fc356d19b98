/**
 * The map of Microsoft's "Secure your Azure Managed HSM deployment" security baseline, in one place: each practice
 * with what the baseline asks for, what its detections watch for, and the state checks that tell whether an HSM
 * meets it today, each with its remediation and the workbook tile that shows it inside Sentinel.
 *
 * Rules name their practice in `metadata.baselinePractice`; `content posture` evaluates the state checks (one
 * evaluator per check id in src/posture/checks/); `content coverage` and the docs list both; the posture workbook
 * has one step per tile named here (a test holds the workbook and this map together).
 */
export interface BaselinePractice {
  id: string;
  title: string;
  /** What the baseline recommends, in one or two sentences. */
  recommendation: string;
  /** What a detection for this practice watches for. */
  detects: string;
  /** The checks of this practice observable as configuration state (empty: only a detection can cover it). */
  stateChecks: readonly StateCheck[];
}

/** Where a state check reads its evidence. */
export type StateSource = 'resource' | 'diagnostic-settings' | 'policy' | 'local-rbac' | 'workspace';

export interface StateCheck {
  /** Stable id: `--require` names it, SARIF uses it as the rule id. */
  id: string;
  title: string;
  /** What passing means, in one sentence. */
  expectation: string;
  source: StateSource;
  /** How to fix a failing HSM: the setting and a command. */
  remediation: string;
  /**
   * The step of workbooks/managed-hsm-posture.yaml that shows this check for every HSM, in a column named after the
   * check (`purge-protection-enabled` → PurgeProtectionEnabled). Absent: the workbook cannot see it (diagnostic
   * settings, table retention and local RBAC are not in Resource Graph or the logs).
   */
  workbookTile?: string;
}

export const POSTURE_WORKBOOK = 'workbooks/managed-hsm-posture.yaml';

export const BASELINE_PRACTICES: readonly BaselinePractice[] = [
  {
    id: 'network-security',
    title: 'Network security',
    recommendation: 'Reach the HSM through private endpoints, disable public network access and keep the firewall default action Deny.',
    detects: 'Changes that expose the data plane, removed private endpoints, access from outside the allowed networks, firewall blocks.',
    stateChecks: [
      {
        id: 'public-network-access-disabled',
        title: 'Public network access disabled',
        expectation: 'properties.publicNetworkAccess is Disabled.',
        source: 'resource',
        remediation: 'Disable public network access: az keyvault update-hsm --hsm-name <name> --public-network-access Disabled (reach the HSM through a private endpoint).',
        workbookTile: 'posture-network',
      },
      {
        id: 'firewall-default-deny',
        title: 'Firewall default action Deny',
        expectation: 'properties.networkAcls.defaultAction is Deny, or public network access is disabled.',
        source: 'resource',
        remediation: 'Set the firewall default action to Deny and list only the addresses that need the data plane: az keyvault update-hsm --hsm-name <name> --default-action Deny.',
        workbookTile: 'posture-network',
      },
      {
        id: 'private-endpoint-approved',
        title: 'Private endpoint in use',
        expectation: 'At least one private endpoint connection is Approved.',
        source: 'resource',
        remediation: 'Create a private endpoint for the HSM (group id managedhsm) in the workload network and approve the connection: az network private-endpoint create --group-id managedhsm --private-connection-resource-id <hsm id> ...',
        workbookTile: 'posture-network',
      },
    ],
  },
  {
    id: 'identity',
    title: 'Identity and access management',
    recommendation: 'Authenticate with Microsoft Entra ID, prefer managed identities for workloads and protect administrators with Conditional Access.',
    detects: 'Sensitive operations by people instead of automation, new clients or addresses for administration, sign-in failures and Conditional Access blocks.',
    stateChecks: [],
  },
  {
    id: 'privileged-access',
    title: 'Privileged access (local RBAC)',
    recommendation: 'Grant least privilege with Managed HSM local RBAC, separate key management from key use and backup from restore, and review role assignments.',
    detects: 'Role assignments and custom roles, short-lived assignments, conflicting duties, Azure RBAC on the resource, key release to new callers.',
    stateChecks: [
      {
        id: 'administrator-held-by-groups',
        title: 'Administrator role held by groups, not users',
        expectation: 'Every local assignment of Managed HSM Administrator is to a security group (or a workload identity), none to a user account.',
        source: 'local-rbac',
        remediation: 'Assign Managed HSM Administrator to a security group with reviewed membership, then remove the user assignments: az keyvault role assignment create --hsm-name <name> --role "Managed HSM Administrator" --assignee-object-id <group id> --assignee-principal-type Group --scope /; az keyvault role assignment delete --hsm-name <name> --ids <assignment id>.',
      },
      {
        id: 'no-conflicting-roles',
        title: 'No identity holds conflicting duties',
        expectation: 'No principal is granted both key management and cryptographic use of keys, or both backup and restore, through its local role assignments.',
        source: 'local-rbac',
        remediation: 'Split the duties over separate identities: keep key management (Crypto Officer) apart from key use (Crypto User), and backup apart from restore; delete the assignment that gives the second duty: az keyvault role assignment delete --hsm-name <name> --ids <assignment id>.',
      },
      {
        id: 'custom-roles-without-wildcards',
        title: 'Custom roles without wildcards',
        expectation: 'No custom local role definition grants actions or data actions with a wildcard (*).',
        source: 'local-rbac',
        remediation: 'Replace the wildcard with the data actions the role needs (Microsoft.KeyVault/managedHsm/keys/...): az keyvault role definition update --hsm-name <name> --role-definition @role.json.',
      },
    ],
  },
  {
    id: 'logging-threat-detection',
    title: 'Logging and threat detection',
    recommendation: 'Send the AuditEvent log to Log Analytics, keep it flowing, and alert on sensitive operations and unusual access patterns.',
    detects: 'Diagnostic settings removed, audit log silence, bursts of failures, denied sensitive operations, unusual cryptographic volume, threat intelligence matches.',
    stateChecks: [
      {
        id: 'audit-logs-to-workspace',
        title: 'AuditEvent sent to a Log Analytics workspace',
        expectation: 'A diagnostic setting sends the AuditEvent category (or the audit or allLogs group) to a Log Analytics workspace.',
        source: 'diagnostic-settings',
        remediation: 'Create a diagnostic setting that sends AuditEvent to the Sentinel workspace: az monitor diagnostic-settings create --resource <hsm id> --name to-sentinel --workspace <workspace id> --logs \'[{"category":"AuditEvent","enabled":true}]\' (or assign the built-in policy that deploys it).',
      },
      {
        id: 'audit-events-arriving',
        title: 'Audit events arriving',
        expectation: 'The workspace holds audit events from the HSM in the last 24 hours.',
        source: 'workspace',
        remediation: 'Check that the diagnostic setting is enabled and its workspace exists, and that nothing (a data collection rule, a table plan, a daily cap) drops the rows; the audit-log-silence rule alerts when they stop.',
        workbookTile: 'posture-logging',
      },
      {
        id: 'log-retention',
        title: 'Audit log retention',
        expectation: 'The table the audit events land in keeps them at least the required number of days (365 by default, as the built-in "Resource logs in Azure Key Vault Managed HSM should be enabled" policy requires).',
        source: 'workspace',
        remediation: 'Raise the retention of the table (or the workspace): az monitor log-analytics workspace table update --resource-group <rg> --workspace-name <ws> --name AzureDiagnostics --total-retention-time 365.',
      },
    ],
  },
  {
    id: 'backup-recovery',
    title: 'Backup and recovery',
    recommendation: 'Take regular full backups, keep soft delete and purge protection on, and restore only through a controlled process.',
    detects: 'Off-schedule backups and restores, missing backups, bulk key backup and deletion, HSM deletion or purge, weakened soft delete.',
    stateChecks: [
      {
        id: 'purge-protection-enabled',
        title: 'Purge protection enabled',
        expectation: 'properties.enablePurgeProtection is true.',
        source: 'resource',
        remediation: 'Turn on purge protection (it cannot be turned off again): az keyvault update-hsm --hsm-name <name> --enable-purge-protection true.',
        workbookTile: 'posture-recovery',
      },
      {
        id: 'soft-delete-retention',
        title: 'Soft delete retention',
        expectation: 'Soft delete is on and properties.softDeleteRetentionInDays is at least the required number of days (90 by default, the longest Azure allows).',
        source: 'resource',
        remediation: 'Soft-delete retention is chosen when the HSM is created (7 to 90 days) and cannot be changed: plan a new HSM with --retention-days 90 and move the keys by backup and restore, or accept the shorter window in writing.',
        workbookTile: 'posture-recovery',
      },
      {
        id: 'regular-backups',
        title: 'Regular full backups',
        expectation: 'The last successful full backup (BackupCreate) in the workspace is younger than the allowed age (7 days by default).',
        source: 'workspace',
        remediation: 'Schedule a full backup to a storage account the HSM reaches with its managed identity: az keyvault backup start --hsm-name <name> --storage-account-name <account> --blob-container-name <container> --use-managed-identity true.',
        workbookTile: 'posture-recovery',
      },
    ],
  },
  {
    id: 'security-domain',
    title: 'Security domain',
    recommendation: 'Protect the security domain and its quorum keys offline, download and upload it only in planned ceremonies by designated custodians.',
    detects: 'Security domain download, upload, recovery initiation, and any security domain operation by a new identity.',
    stateChecks: [
      {
        id: 'security-domain-activated',
        title: 'Security domain activated',
        expectation: 'properties.securityDomainProperties.activationStatus is Active: the security domain was downloaded and the HSM is in use under it.',
        source: 'resource',
        remediation: 'Activate the HSM by downloading its security domain with a quorum of custodian keys kept offline: az keyvault security-domain download --hsm-name <name> --sd-wrapping-keys <3 or more .cer files> --sd-quorum <n> --security-domain-file <file>.',
        workbookTile: 'posture-recovery',
      },
    ],
  },
  {
    id: 'posture',
    title: 'Posture and key lifecycle',
    recommendation: 'Keep the HSM configuration and key inventory under change control: planned key creation, import, rotation and retirement, and Azure Policy assigned to hold the configuration.',
    detects: 'Unplanned key deletion or import, and configuration changes that weaken the HSM.',
    stateChecks: [
      {
        id: 'azure-policy-assigned',
        title: 'Azure Policy for Managed HSM assigned',
        expectation: 'At least one built-in Managed HSM policy (purge protection, public network access, private link, resource logs, key types) applies to the HSM, directly or through an initiative.',
        source: 'policy',
        remediation: 'Assign the built-in Managed HSM policies (or the Microsoft cloud security benchmark initiative) at the subscription or management group: az policy assignment create --policy c39ba22d-4428-4149-b981-70acb31fc383 --scope /subscriptions/<id> ...',
      },
      {
        id: 'azure-policy-compliant',
        title: 'Compliant with its Azure Policy assignments',
        expectation: 'The latest Azure Policy compliance states of the HSM are all Compliant.',
        source: 'policy',
        remediation: 'Fix the settings the non-compliant policies name (see the evidence), then re-evaluate: az policy state trigger-scan --resource-group <rg>.',
        workbookTile: 'posture-policy',
      },
    ],
  },
];

/** Every state check with the practice it belongs to, in map order. */
export function stateChecks(practices: readonly BaselinePractice[] = BASELINE_PRACTICES): (StateCheck & { practice: string })[] {
  return practices.flatMap((p) => p.stateChecks.map((c) => ({ ...c, practice: p.id })));
}
