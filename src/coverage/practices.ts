/**
 * The practices of Microsoft's "Secure your Azure Managed HSM deployment" security baseline that this pack
 * covers. Rules name theirs in `metadata.baselinePractice` (one id or a list); this catalogue gives each id its
 * title and what the baseline asks for, so the coverage table reads without the baseline at hand.
 */
export interface BaselinePractice {
  id: string;
  title: string;
  /** What the baseline recommends, in one or two sentences. */
  recommendation: string;
  /** What a detection for this practice watches for. */
  detects: string;
}

export const BASELINE_PRACTICES: readonly BaselinePractice[] = [
  {
    id: 'network-security',
    title: 'Network security',
    recommendation: 'Reach the HSM through private endpoints, disable public network access and keep the firewall default action Deny.',
    detects: 'Changes that expose the data plane, removed private endpoints, access from outside the allowed networks, firewall blocks.',
  },
  {
    id: 'identity',
    title: 'Identity and access management',
    recommendation: 'Authenticate with Microsoft Entra ID, prefer managed identities for workloads and protect administrators with Conditional Access.',
    detects: 'Sensitive operations by people instead of automation, new clients or addresses for administration, sign-in failures and Conditional Access blocks.',
  },
  {
    id: 'privileged-access',
    title: 'Privileged access (local RBAC)',
    recommendation: 'Grant least privilege with Managed HSM local RBAC, separate key management from key use and backup from restore, and review role assignments.',
    detects: 'Role assignments and custom roles, short-lived assignments, conflicting duties, Azure RBAC on the resource, key release to new callers.',
  },
  {
    id: 'logging-threat-detection',
    title: 'Logging and threat detection',
    recommendation: 'Send the AuditEvent log to Log Analytics, keep it flowing, and alert on sensitive operations and unusual access patterns.',
    detects: 'Diagnostic settings removed, audit log silence, bursts of failures, denied sensitive operations, unusual cryptographic volume, threat intelligence matches.',
  },
  {
    id: 'backup-recovery',
    title: 'Backup and recovery',
    recommendation: 'Take regular full backups, keep soft delete and purge protection on, and restore only through a controlled process.',
    detects: 'Off-schedule backups and restores, missing backups, bulk key backup and deletion, HSM deletion or purge, weakened soft delete.',
  },
  {
    id: 'security-domain',
    title: 'Security domain',
    recommendation: 'Protect the security domain and its quorum keys offline, download and upload it only in planned ceremonies by designated custodians.',
    detects: 'Security domain download, upload, recovery initiation, and any security domain operation by a new identity.',
  },
  {
    id: 'posture',
    title: 'Posture and key lifecycle',
    recommendation: 'Keep the HSM configuration and key inventory under change control: planned key creation, import, rotation and retirement.',
    detects: 'Unplanned key deletion or import, and configuration changes that weaken the HSM.',
  },
];
