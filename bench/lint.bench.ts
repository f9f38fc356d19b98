/**
 * `npm run bench:lint`: lints 100 generated analytic rules (plus the project's workspace functions). Goal: under 3 s
 * on a 2-core machine, parser load included.
 *
 * 1. `content lint` as a user runs it: a fresh `node bin/content.js lint` process per run (fast start: the bundled CLI
 *    from the Kusto start-up snapshot, see bin/fast-start.js), wall time from spawn to exit, BENCH_REPEAT runs
 *    (default 5), minimum and median. The report is checked: no errors and a replay verdict for every rule.
 *    Then `content lint --cache` with nothing changed since the previous run (every file's findings reused).
 * 2. The same lint in this process through the library (`lintContent`, sources run by tsx, parser loaded cold), with
 *    CPU time: what an embedding tool or a test pays.
 *
 * The rules vary in table, operators, entity mappings and custom details, like real content; all are valid, so the
 * figure is the cost of a clean lint (the common case in CI).
 *
 * BENCH_RULES=n changes the number of rules; BENCH_NO_REPLAY=1 leaves out the replayability report (as
 * `content lint --no-replay`), BENCH_NO_ADVICE=1 Kusto's analyzer advice (as `--no-advice`); BENCH_COLD=1 also times
 * a first run on an empty fast-start cache (what the first run after a clone without `npm ci` pays);
 * BENCH_KEEP=DIR keeps the generated rules in DIR.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RULES = Number(process.env.BENCH_RULES ?? 100);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5));
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

const dir = process.env.BENCH_KEEP ?? mkdtempSync(join(tmpdir(), 'lint-bench-'));
try {
  for (let i = 0; i < RULES; i++) {
    const sub = join(dir, 'detections', `area${i % 5}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `rule-${i}.yaml`), ruleYaml(i));
  }
  if (existsSync(join(repo, 'detections/parsers'))) cpSync(join(repo, 'detections/parsers'), join(dir, 'detections/parsers'), { recursive: true });

  const options = { replayability: !process.env.BENCH_NO_REPLAY, advice: !process.env.BENCH_NO_ADVICE };
  const flags = [...(options.replayability ? [] : ['--no-replay']), ...(options.advice ? [] : ['--no-advice'])];
  console.log(`${RULES} rules (replayability ${options.replayability ? 'on' : 'off'}, Kusto advice ${options.advice ? 'on' : 'off'})`);

  // 1. The CLI, one process per run.
  const lintOnce = (env: Record<string, string> = {}) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(repo, 'bin/content.js'), 'lint', '--format', 'json', ...flags], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20,
    });
    const ms = performance.now() - t;
    let problems: { code: string; severity: string }[] = [];
    try {
      problems = JSON.parse(r.stdout).problems;
    } catch {
      throw new Error(`content lint failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
    }
    const errors = problems.filter((p) => p.severity === 'error').length;
    const verdicts = problems.filter((p) => p.code.startsWith('replay-')).length;
    if (errors || (options.replayability && verdicts < RULES)) throw new Error(`unexpected report: ${errors} errors, ${verdicts} replay verdicts`);
    return ms;
  };
  if (process.env.BENCH_COLD) {
    const cache = mkdtempSync(join(tmpdir(), 'lint-bench-cache-'));
    try {
      console.log(`content lint, first run on an empty fast-start cache: ${lintOnce({ CONTENT_CACHE_DIR: cache }).toFixed(0)} ms wall`);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }
  lintOnce(); // builds the fast-start caches if this checkout has none yet
  const walls = Array.from({ length: REPEAT }, () => lintOnce()).sort((a, b) => a - b);
  console.log(`content lint (fresh process, fast start, parser load included): min ${walls[0].toFixed(0)} ms, median ${walls[walls.length >> 1].toFixed(0)} ms wall over ${REPEAT} runs`);
  flags.push('--cache', '--cache-location', join(dir, '.contentlintcache'));
  lintOnce();
  const cachedWalls = Array.from({ length: REPEAT }, () => lintOnce()).sort((a, b) => a - b);
  flags.splice(-3);
  console.log(`content lint --cache, nothing changed since the last run: min ${cachedWalls[0].toFixed(0)} ms, median ${cachedWalls[cachedWalls.length >> 1].toFixed(0)} ms wall`);
  const tsxWall = lintOnce({ CONTENT_FAST_START: '0' });
  console.log(`content lint with CONTENT_FAST_START=0 (sources through tsx, parser loaded cold): ${tsxWall.toFixed(0)} ms wall`);

  // 2. The library, in this process.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { warmUpKusto } = await import('../src/kql/kusto.ts');
  warmUpKusto();
  const tParser = performance.now();
  const { lintContent } = await import('../src/lint/index.ts');
  const result = await lintContent({ root: dir, ...options });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const { errors, warnings, infos } = result.counts;
  console.log(`lintContent in-process: ${(t1 - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (of which parser load ${(tParser - t0).toFixed(0)} ms); ${result.files.length} files, ${errors} errors, ${warnings} warnings, ${infos} infos`);
  if (errors) process.exitCode = 1;
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
