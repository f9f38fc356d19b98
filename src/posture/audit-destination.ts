/** Which diagnostic settings of an HSM send its AuditEvent log to a Log Analytics workspace, and into which table. */
import type { DiagnosticSetting } from './model.ts';

/** AuditEvent is Managed HSM's only log category; the `audit` and `allLogs` groups include it. */
export function sendsAuditEvent(s: DiagnosticSetting): boolean {
  return (s.properties.logs ?? []).some((l) => l.enabled && (l.category === 'AuditEvent' || l.categoryGroup === 'audit' || l.categoryGroup === 'allLogs'));
}

export function auditWorkspaceSettings(settings: DiagnosticSetting[]): DiagnosticSetting[] {
  return settings.filter((s) => sendsAuditEvent(s) && !!s.properties.workspaceId);
}

/** A setting with logAnalyticsDestinationType "Dedicated" writes the resource-specific table, else AzureDiagnostics. */
export function auditTable(s: DiagnosticSetting): string {
  return s.properties.logAnalyticsDestinationType === 'Dedicated' ? 'AZKVAuditLogs' : 'AzureDiagnostics';
}
