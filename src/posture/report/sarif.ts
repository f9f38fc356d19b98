/**
 * SARIF 2.1.0: one rule per state check (help = remediation), one result per failed or unknown check of an HSM,
 * located by the HSM's resource id as a logical location (there is no file to point at).
 */
import type { PostureReport } from '../model.ts';

export function toPostureSarif(report: PostureReport, toolVersion = '0.0.0'): Record<string, unknown> {
  const rules = report.checks.map((c) => ({
    id: c.id,
    name: c.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
    shortDescription: { text: c.title },
    fullDescription: { text: c.expectation },
    help: { text: c.remediation, markdown: `**Fix:** ${c.remediation}` },
    properties: { practice: c.practice, source: c.source, tags: ['security', 'managed-hsm', c.practice] },
    defaultConfiguration: { level: 'error' },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.hsms.flatMap((h) => h.results.filter((r) => r.status !== 'pass').map((r) => ({
    ruleId: r.check,
    ruleIndex: index.get(r.check),
    level: r.status === 'fail' ? 'error' : 'note',
    kind: r.status === 'fail' ? 'fail' : 'review',
    message: { text: `${h.name}: ${r.evidence}` },
    locations: [{ logicalLocations: [{ name: h.name, fullyQualifiedName: h.id, kind: 'resource' }] }],
    partialFingerprints: { 'resourceCheck/v1': `${h.id.toLowerCase()}:${r.check}` },
    properties: { status: r.status, subscriptionId: h.subscriptionId, resourceGroup: h.resourceGroup, ...(r.values ? { values: r.values } : {}) },
  })));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'content posture', informationUri: 'https://learn.microsoft.com/azure/key-vault/managed-hsm/secure-your-managed-hsm', version: toolVersion, rules } },
      invocations: [{ executionSuccessful: true, endTimeUtc: report.evaluatedAt }],
      results,
    }],
  };
}
