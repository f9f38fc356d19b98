/** `content replay --workspace` / `--cluster`: the engine from the options, then the estimate or the backtest. */
import { resolve } from 'node:path';
import { UsageError, type CliIO } from '../io.ts';
import { discoverSuite, selectRules } from '../../replay/index.ts';
import {
  AdxEngine, classifyAdxError, classifyLogsError, estimateBacktest, formatEstimate, LogAnalyticsEngine, remoteBacktest,
  type Classify, type QueryEngine, type RemoteBacktestResult,
} from '../../backtest/index.ts';
import { connection } from './deploy.ts';

export interface RemoteReplayOptions {
  workspace?: string;
  logsEndpoint?: string;
  cluster?: string;
  database?: string;
  tableMap?: string[];
  dryRun?: boolean;
  checkpoint?: string;
  concurrency?: string;
  deployedFunctions?: boolean;
  rules?: string[];
  format: 'json' | 'table';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function engineFor(opts: RemoteReplayOptions, functions: ReturnType<typeof discoverSuite>['packFunctions'], tables: string[]): Promise<{ engine: QueryEngine; classify: Classify }> {
  if (opts.workspace) {
    if (!GUID.test(opts.workspace)) throw new UsageError(`--workspace ${opts.workspace}: expected the workspace GUID (customerId), e.g. 11111111-2222-3333-4444-555555555555`);
    const endpoint = opts.logsEndpoint ?? connection.endpoints?.logs;
    if (endpoint && !/^https:\/\//i.test(endpoint)) throw new UsageError(`--logs-endpoint must be an https:// URL, not '${endpoint}'`);
    const engine = new LogAnalyticsEngine({
      workspaceId: opts.workspace, credential: await connection.credential(), endpoint, tlsOptions: connection.tlsOptions,
      functions: opts.deployedFunctions ? [] : functions,
    });
    return { engine, classify: classifyLogsError };
  }
  if (!opts.cluster) throw new UsageError('give --workspace ID or --cluster URL');
  return { engine: await adxEngine(opts, functions, tables), classify: classifyAdxError };
}

/** `--table-map A=B ...` as a record; a pair without `=` or with an unknown pack table is a usage error. */
export function parseTableMap(pairs: string[] | undefined, known: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const m = /^([A-Za-z_][\w]*)=([A-Za-z_][\w.-]*)$/.exec(p.trim());
    if (!m) throw new UsageError(`--table-map ${p}: expected PackTable=ClusterTable, e.g. AZKVAuditLogs=HsmAudit`);
    if (!known.includes(m[1]!)) throw new UsageError(`--table-map ${p}: the pack has no table ${m[1]} (tables: ${known.join(', ')})`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

export async function adxEngine(opts: { cluster?: string; database?: string; tableMap?: string[]; deployedFunctions?: boolean }, functions: ReturnType<typeof discoverSuite>['packFunctions'], tables: string[]): Promise<AdxEngine> {
  if (!opts.cluster || !/^https:\/\/[^/\s]+\/?$/i.test(opts.cluster)) throw new UsageError(`--cluster ${opts.cluster ?? ''}: expected the cluster URL, e.g. https://mycluster.westeurope.kusto.windows.net`);
  if (!opts.database) throw new UsageError('--cluster needs --database <db>');
  if (opts.deployedFunctions) {
    throw new UsageError('--deployed-functions applies to --workspace: a function stored in the cluster reads its tables whole, outside each run\'s window; the repository\'s functions are declared in the query instead');
  }
  return new AdxEngine({
    cluster: opts.cluster, database: opts.database, credential: await connection.credential(), tlsOptions: connection.tlsOptions,
    tableMap: parseTableMap(opts.tableMap, tables), tables, functions: opts.deployedFunctions ? [] : functions,
  });
}

export async function remoteReplay(
  io: CliIO,
  opts: RemoteReplayOptions,
  run: { from: Date; to: Date; onProgress: (done: number, total: number) => void },
): Promise<RemoteBacktestResult | undefined> {
  const concurrency = Number(opts.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError(`--concurrency ${opts.concurrency}: a whole number from 1 to 32`);
  const suite = discoverSuite(io.cwd);
  if (opts.tableMap?.length && !opts.cluster) throw new UsageError('--table-map applies to --cluster (a workspace has the tables by their own names)');
  const { engine, classify } = await engineFor(opts, suite.packFunctions, suite.tables.map((t) => t.name));
  try {
    if (opts.dryRun) {
      const entries = selectRules(suite.entries, io.cwd, opts.rules);
      const estimate = await estimateBacktest(entries, engine, { from: run.from, to: run.to, tables: suite.tables.map((t) => t.name), functions: suite.functions, signal: io.signal });
      io.stdout(opts.format === 'json' ? `${JSON.stringify(estimate, null, 2)}\n` : formatEstimate(estimate));
      return undefined;
    }
    return await remoteBacktest(io.cwd, {
      engine, classify, from: run.from, to: run.to, rules: opts.rules, concurrency,
      checkpoint: opts.checkpoint ? resolve(io.cwd, opts.checkpoint) : undefined,
      signal: io.signal, onProgress: run.onProgress,
    });
  } finally {
    engine.close?.();
  }
}
