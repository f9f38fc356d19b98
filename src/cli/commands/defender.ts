/**
 * `content plan --targets defender` / `content deploy --targets defender`: the pack's rules as Defender XDR custom
 * detections through Microsoft Graph. A tenant-level API: no subscription, resource group or workspace, and run on
 * its own (not in one run with sentinel or monitor).
 */
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.ts';
import {
  contentTables, defenderDeployJson, defenderPlanJson, deployDefender, DeployError, formatDefenderDeployText, formatDefenderPlanText, GraphClient,
  loadDeployContent, planDefender, type EnvironmentConfig,
} from '../../deploy/index.ts';
import { connection, type TargetOptions } from './deploy.ts';
import { reportConfigReferences, type loadConfigOption } from './build.ts';

export interface DefenderOptions extends TargetOptions { graphEndpoint?: string; out?: string; plan?: string; detailedExitcode?: boolean }

export async function runDefender(io: CliIO, opts: DefenderOptions, command: 'plan' | 'deploy', env: EnvironmentConfig, config: Awaited<ReturnType<typeof loadConfigOption>>, setExit: (code: number) => void): Promise<void> {
  if (env.targets.sentinel || env.targets.monitor) throw new UsageError(`content ${command} takes --targets defender on its own (custom detections live in the tenant, not the workspace); run sentinel or monitor separately`);
  if (!['text', 'json'].includes(opts.format)) throw new UsageError(`--format must be text or json for --targets defender, not '${opts.format}'`);
  if (opts.out || opts.plan) throw new UsageError('saved plans (--out, --plan) are not available for --targets defender yet; run content deploy --targets defender, which plans and applies in one run');
  const endpoint = opts.graphEndpoint ?? connection.endpoints?.graph;
  if (endpoint && !/^https:\/\//i.test(endpoint)) throw new UsageError(`--graph-endpoint must be an https:// URL, not '${endpoint}'`);
  const root = io.cwd;
  const { content, problems } = await loadDeployContent(root);
  if (reportConfigReferences(io, command, config, content)) throw new DeployError('CONFIG_INVALID', `${config!.file}: fix the names above (they match no rule or query parameter)`);
  for (const p of problems) io.stderr(`${p.file}:${p.line}:${p.column}: ${p.message}${p.kept ? ' (deployed anyway)' : ' (left out)'}\n`);
  const credential = await connection.credential();
  const client = new GraphClient({ credential, endpoint, tlsOptions: connection.tlsOptions, retry: connection.retry, timeoutMs: connection.timeoutMs });
  const plan = await planDefender({ client, content, env, tables: contentTables(root), prune: opts.prune, force: opts.force, signal: io.signal });
  for (const p of plan.problems) io.stderr(`${p.toString()} (left out)\n`);
  const contentProblems = problems.filter((p) => !p.kept).length + plan.problems.length;
  if (command === 'plan') {
    io.stdout(opts.format === 'json' ? `${JSON.stringify(defenderPlanJson(plan), null, 2)}\n` : formatDefenderPlanText(plan, { verbose: opts.verbose }));
    const findings = plan.items.some((i) => (i.action === 'drift' || i.action === 'foreign') && !i.apply);
    if (findings || contentProblems) setExit(EXIT_FINDINGS);
    else setExit(opts.detailedExitcode && plan.items.some((i) => i.apply) ? 3 : EXIT_OK);
    return;
  }
  if (opts.format === 'text') io.stdout(formatDefenderPlanText(plan, { verbose: opts.verbose }));
  const concurrency = Number(opts.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new UsageError(`--concurrency must be an integer from 1 to 16, not '${opts.concurrency}'`);
  const result = await deployDefender(plan, { client, pack: content.pack, concurrency, signal: io.signal });
  io.stdout(opts.format === 'json' ? `${JSON.stringify(defenderDeployJson(plan, result), null, 2)}\n` : formatDefenderDeployText(result));
  setExit(result.failures.length || result.skipped.some((s) => s.action !== 'orphan') || contentProblems ? EXIT_FINDINGS : EXIT_OK);
}
