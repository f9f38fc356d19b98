/**
 * `content test --live --workspace ID`: each rule's query run against a real Log Analytics workspace over its
 * queryPeriod, with the environment's parameters applied, reporting result counts and whether it would alert.
 */
import { loadContent } from '../../content/index.ts';
import { runLiveRuleQueries, selectEnvironment, type LiveRuleResult } from '../../deploy/index.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.ts';
import { loadConfigOption } from './build.ts';
import { connection } from './deploy.ts';

export interface LiveTestOptions {
  workspace?: string;
  logsEndpoint?: string;
  config?: string;
  env?: string;
  format: 'text' | 'json' | 'junit';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runLiveTests(io: CliIO, paths: string[], opts: LiveTestOptions): Promise<number> {
  const env = selectEnvironment(await loadConfigOption(io.cwd, opts.config), opts.env);
  const workspaceId = opts.workspace ?? env.workspaceId;
  if (!workspaceId) throw new UsageError('--live needs --workspace <workspace GUID> (or workspaceId in the config environment)');
  if (!GUID.test(workspaceId)) throw new UsageError(`--workspace ${workspaceId}: expected the workspace GUID (customerId), e.g. 11111111-2222-3333-4444-555555555555`);
  if (opts.format === 'junit') throw new UsageError('--live reports as text or json');

  const { rules, problems } = loadContent(io.cwd, paths.length ? { paths } : undefined);
  for (const p of problems.filter((x) => x.severity === 'error')) io.stderr(`${p.file}:${p.line}:${p.column}: ${p.code}: ${p.message} (skipped)\n`);
  const results = await runLiveRuleQueries({
    workspaceId,
    credential: await connection.credential(),
    rules,
    endpoint: opts.logsEndpoint,
    tlsOptions: connection.tlsOptions,
    parameters: env.parameters,
  });
  io.stdout(opts.format === 'json' ? `${JSON.stringify({ workspaceId, rules: results }, null, 2)}\n` : formatLive(results));
  return results.some((r) => r.error) ? EXIT_FINDINGS : EXIT_OK;
}

function formatLive(results: LiveRuleResult[]): string {
  const width = Math.max(10, ...results.map((r) => r.name.length));
  const lines = results.map((r) => {
    const outcome = r.error ? `error: ${r.error}` : `${r.count} rows${r.wouldAlert ? ', would alert' : ''}`;
    return `  ${r.name.padEnd(width)}  ${r.timespan.padEnd(6)}  ${outcome}`;
  });
  const failed = results.filter((r) => r.error).length;
  const alerting = results.filter((r) => r.wouldAlert).length;
  return `${lines.join('\n')}\n\n${results.length} rules queried: ${alerting} would alert, ${failed} failed\n`;
}
