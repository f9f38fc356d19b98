/**
 * `npm run bench:lint`: lints 100 generated analytic rules (plus the project's workspace functions) in a fresh
 * process, Kusto parser load included, and prints wall-clock and CPU time. Goal: under 3 s on a 2-core machine.
 *
 * The rules vary in table, operators, entity mappings and custom details, like real content; all are valid, so the
 * figure is the cost of a clean lint (the common case in CI).
 *
 * BENCH_RULES=n changes the number of rules; BENCH_NO_REPLAY=1 leaves out the replayability report (as
 * `content lint --no-replay`), BENCH_NO_ADVICE=1 Kusto's analyzer advice (as `--no-advice`).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RULES = Number(process.env.BENCH_RULES ?? 100);
const repo = resolve(import.meta.dirname, '..');

function ruleYaml(i: number): string {
  const guid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const op = ['KeyDelete', 'KeyPurge', 'SecurityDomainDownload', 'RoleAssignmentCreate', 'BackupCreate'][i % 5];
  const threshold = 5 + (i % 7);
  const queries = [
    `AzureDiagnostics
  | where ResourceProvider == "MICROSOFT.KEYVAULT" and ResourceType == "MANAGEDHSMS"
  | where OperationName == "${op}" and ResultType == "Success"
  | extend CallerObjectId = identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g
  | summarize Count = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by Resource, ResourceId, CallerObjectId, CallerIPAddress
  | where Count >= ${threshold}`,
    `AZKVAuditLogs
  | where _ResourceId has "/managedhsms/"
  | where OperationName in ("${op}", "KeyGet") and HttpStatusCode >= 400
  | extend CallerObjectId = tostring(Identity.claim.oid), Resource = tostring(split(_ResourceId, "/")[-1]), ResourceId = _ResourceId, CallerIPAddress = CallerIpAddress
  | summarize Count = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by Resource, ResourceId, CallerObjectId, CallerIPAddress
  | where Count >= ${threshold}`,
    `let window = 1h;
  AzureDiagnostics
  | where TimeGenerated > ago(window)
  | where ResourceType == "MANAGEDHSMS" and httpStatusCode_d >= 400
  | extend CallerObjectId = identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g
  | summarize Count = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), Ops = make_set(OperationName, 10)
      by Resource, ResourceId, CallerObjectId, CallerIPAddress, bin(TimeGenerated, 5m)
  | where Count > ${threshold}`,
  ];
  return `id: ${guid}
name: Generated rule ${i} (${op})
description: |
  Benchmark rule ${i}: ${op} activity on a Managed HSM.
severity: ${['Low', 'Medium', 'High'][i % 3]}
requiredDataConnectors:
  - connectorId: AzureKeyVault
    dataTypes: [KeyVaultData]
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [Impact]
relevantTechniques: [T1485]
query: |
  ${queries[i % queries.length]}
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: CallerObjectId
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: CallerIPAddress
  - entityType: AzureResource
    fieldMappings:
      - identifier: ResourceId
        columnName: ResourceId
customDetails:
  HsmName: Resource
  EventCount: Count
alertDetailsOverride:
  alertDisplayNameFormat: ${op} on {{Resource}}
  alertDescriptionFormat: '{{Count}} events from {{CallerIPAddress}}'
version: 1.0.${i}
kind: Scheduled
`;
}

const dir = process.env.BENCH_KEEP ?? mkdtempSync(join(tmpdir(), "lint-bench-"));
try {
  for (let i = 0; i < RULES; i++) {
    const sub = join(dir, 'detections', `area${i % 5}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `rule-${i}.yaml`), ruleYaml(i));
  }
  if (existsSync(join(repo, 'detections/parsers'))) cpSync(join(repo, 'detections/parsers'), join(dir, 'detections/parsers'), { recursive: true });

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The parser load is timed on its own (lintContent would do it first anyway) to show the fixed share.
  const { warmUpKusto } = await import('../src/kql/kusto.ts');
  warmUpKusto();
  const cpuParser = process.cpuUsage(cpu0);
  const tParser = performance.now();
  const { lintContent } = await import('../src/lint/index.ts');
  const options = { replayability: !process.env.BENCH_NO_REPLAY, advice: !process.env.BENCH_NO_ADVICE };
  const result = await lintContent({ root: dir, ...options });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const { errors, warnings, infos } = result.counts;
  console.log(`lint: ${result.rules.length} rules, ${result.functions.length} functions, ${result.files.length} files (replayability ${options.replayability ? 'on' : 'off'}, Kusto advice ${options.advice ? 'on' : 'off'})`);
  console.log(`findings: ${errors} errors, ${warnings} warnings, ${infos} infos`);
  console.log(`time (parser load included): ${(t1 - t0).toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (all threads); process total ${performance.now().toFixed(0)} ms`);
  console.log(`  of which parser load and warm-up: ${(tParser - t0).toFixed(0)} ms wall, ${((cpuParser.user + cpuParser.system) / 1000).toFixed(0)} ms CPU`);
  if (errors) {
    for (const p of result.problems.filter((p) => p.severity === 'error').slice(0, 5)) console.log(`  ${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`);
    process.exitCode = 1;
  }
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
