import { auditTable, auditWorkspaceSettings, sendsAuditEvent } from '../audit-destination.ts';
import { fail, need, pass, type CheckEvaluator } from './check.ts';

export const auditLogsToWorkspace: CheckEvaluator = {
  id: 'audit-logs-to-workspace',
  evaluate(facts) {
    const r = need(facts.diagnosticSettings);
    if ('outcome' in r) return r.outcome;
    const settings = r.value;
    const good = auditWorkspaceSettings(settings);
    const values = { settings: settings.map((s) => ({ name: s.name, workspaceId: s.properties.workspaceId || null, auditEvent: sendsAuditEvent(s), destinationType: s.properties.logAnalyticsDestinationType ?? null })) };
    if (good.length) return pass(good.map((s) => `setting "${s.name}" sends AuditEvent to workspace ${s.properties.workspaceId!.split('/').pop()} (${auditTable(s)})`).join('; '), values);
    if (!settings.length) return fail('the HSM has no diagnostic setting', values);
    const elsewhere = settings.filter(sendsAuditEvent);
    if (elsewhere.length) return fail(`AuditEvent goes only to ${elsewhere.map((s) => `"${s.name}" (${s.properties.storageAccountId ? 'storage' : s.properties.eventHubAuthorizationRuleId ? 'event hub' : 'no destination'})`).join(', ')}, not to a Log Analytics workspace`, values);
    return fail(`no diagnostic setting enables AuditEvent (${settings.map((s) => `"${s.name}"`).join(', ')} send other categories)`, values);
  },
};
