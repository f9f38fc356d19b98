import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import { loadProgress } from '../load-progress.ts';
import { alertFacts, backtest, BacktestError, formatBacktestTable, parseDuration, parseInstant, type BacktestResult } from '../../replay/index.ts';
import { KqlError } from '../../kql/index.ts';
import { resolve } from 'node:path';
import { ARCHIVE_SHAPES, BacktestEngineError, isArchive, loadArchive, type ArchiveShape } from '../../backtest/index.ts';
import { remoteReplay, type RemoteReplayOptions } from './replay-remote.ts';

export interface ReplayOptions extends RemoteReplayOptions {
  data?: string;
  from?: string;
  to?: string;
  fullLookback?: boolean;
  archiveTable?: ArchiveShape;
  rules?: string[];
  ingestionDelay?: string;
  format: 'json' | 'table';
}

/** The JSON report, the same for every engine (remote runs add `engine` and `queries`). */
export function backtestJson(result: BacktestResult & { engine?: unknown; queries?: unknown }): string {
  return `${JSON.stringify({
    from: result.from,
    to: result.to,
    data: result.data,
    ...(result.engine ? { engine: result.engine } : {}),
    rules: result.rules,
    alerts: result.alerts.map((a, i) => ({ id: i, rule: { id: a.ruleId, name: a.ruleName }, ...alertFacts(a), ...(a.edge ? { edge: a.edge } : {}) })),
    incidents: result.incidents.map((inc) => ({
      number: inc.number, ruleId: inc.ruleId, title: inc.title, severity: inc.severity, createdAt: inc.createdAt, lastAlertAt: inc.lastAlertAt, alerts: inc.alertIds,
    })),
    ...(result.queries ? { queries: result.queries } : {}),
  }, null, 2)}\n`;
}

/** A progress bar with ETA on stderr, only on a terminal, so piped JSON stays clean. */
export function progressBar(io: CliIO): { update: (done: number, total: number) => void; stop: () => void } {
  const tty = Boolean(process.stderr.isTTY) && io.isTTY;
  const bar = tty ? new cliProgress.SingleBar({ stream: process.stderr, format: 'replay {bar} {value}/{total} runs | {percentage}% | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  return {
    update: (done, total) => {
      if (!bar) return;
      if (!started) { bar.start(total, 0); started = true; }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('backtest rules with Sentinel\'s scheduler simulated, over a dataset directory or archive (local engine), a Log Analytics workspace or an Azure Data Explorer database; prints alerts and incidents')
    .option('--data <dir>', 'dataset directory (one TABLE.jsonl, TABLE.json or TABLE.csv per table, each also as .gz), or a storage-account archive of resource logs (insights-logs-*/resourceId=.../PT1H.json)')
    .addOption(new Option('--archive-table <table>', 'with an archive: the table audit events become (AZKVAuditLogs, as a resource-specific diagnostic setting writes, or AzureDiagnostics)').choices(ARCHIVE_SHAPES))
    .option('--workspace <id>', 'run the queries in this Log Analytics workspace (GUID) instead of locally')
    .option('--logs-endpoint <url>', 'with --workspace: Log Analytics query endpoint, for sovereign clouds (e.g. https://api.loganalytics.us)')
    .option('--cluster <url>', 'run the queries in this Azure Data Explorer cluster (https://NAME.REGION.kusto.windows.net)')
    .option('--database <db>', 'with --cluster: the database holding the tables')
    .option('--table-map <pairs...>', 'with --cluster: the cluster\'s name for a table, e.g. AZKVAuditLogs=HsmAudit')
    .option('--from <time>', 'start of the backtest (ISO-8601); the first run is one queryFrequency later (default, for --data: the data\'s first row, down to the hour)')
    .option('--to <time>', 'end of the backtest (ISO-8601) (default, for --data: the data\'s last row, up to the next hour)')
    .option('--full-lookback', 'local data: run each rule only once its look-back (queryPeriod) is covered by data; without it, alerts from earlier runs are marked "edge"')
    .option('--rules <ids-or-paths...>', 'rule ids, names, files or directories (default: every rule)')
    .option('--ingestion-delay <duration>', 'local data: rows without _IngestionTime are ingested this long after their TimeGenerated (e.g. 2m); each run sees only rows ingested before it')
    .option('--dry-run', 'with --workspace or --cluster: print how many queries the backtest sends and how much data they scan, and stop')
    .option('--checkpoint <file>', 'with --workspace or --cluster: keep every result in this file; run again with it to resume (nothing is queried twice)')
    .option('--concurrency <n>', 'with --workspace or --cluster: queries in flight at once (1-32)', '4')
    .option('--deployed-functions', 'with --workspace or --cluster: use the workspace functions deployed there, not the repository\'s parser')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('table'))
    .action(async (opts: ReplayOptions) => {
      const from = opts.from === undefined ? undefined : parseInstant(opts.from);
      const to = opts.to === undefined ? undefined : parseInstant(opts.to);
      if (opts.from !== undefined && !from) throw new UsageError(`--from ${opts.from}: not an ISO-8601 time such as 2026-11-20T00:00:00Z`);
      if (opts.to !== undefined && !to) throw new UsageError(`--to ${opts.to}: not an ISO-8601 time such as 2026-11-27T00:00:00Z`);
      const sources = [opts.data && '--data', opts.workspace && '--workspace', opts.cluster && '--cluster'].filter(Boolean);
      if (sources.length !== 1) throw new UsageError(sources.length ? `give one of ${sources.join(', ')}, not several` : 'give --data DIR, --workspace ID or --cluster URL --database DB');
      let ingestionDelayMs: number | undefined;
      if (opts.ingestionDelay !== undefined) {
        if (!opts.data) throw new UsageError('--ingestion-delay applies to local data (--data); a workspace or cluster has its own ingestion times');
        ingestionDelayMs = parseDuration(opts.ingestionDelay);
        if (ingestionDelayMs === undefined || ingestionDelayMs < 0) {
          throw new UsageError(`--ingestion-delay ${opts.ingestionDelay}: not a duration such as 2m, 90s or PT5M`);
        }
      }
      const bar = progressBar(io);
      const loading = loadProgress('content replay: loading');
      try {
        let result: BacktestResult & { engine?: unknown; queries?: { sent: number; retries: number; throttled: number; fromCheckpoint: number } };
        if (opts.data) {
          if (opts.dryRun || opts.checkpoint) throw new UsageError(`${opts.dryRun ? '--dry-run' : '--checkpoint'} applies to --workspace and --cluster; a local replay needs neither`);
          const dir = resolve(io.cwd, opts.data);
          const archive = isArchive(dir);
          if (opts.archiveTable && !archive) throw new UsageError(`--archive-table applies to a storage-account archive (insights-logs-*/resourceId=.../PT1H.json); ${opts.data} is not one`);
          let archiveProblems = 0;
          result = await backtest(io.cwd, {
            data: opts.data, from, to, fullLookback: opts.fullLookback, rules: opts.rules, ingestionDelayMs,
            onLoadProgress: loading.onProgress,
            onProgress: (done, total) => {
              loading.stop();
              bar.update(done, total);
            },
            load: archive ? (tables, lookbackMs) => {
              const a = loadArchive(dir, tables, { shape: opts.archiveTable, from, to, lookbackMs });
              for (const p of a.problems) io.stderr(`${p.file}:${p.line}:${p.column}: ${p.message}\n`);
              archiveProblems = a.problems.length;
              io.stderr(`archive ${opts.data}: ${a.blobs} blobs, ${Object.entries(a.rows).map(([t, n]) => `${n} ${t} rows`).join(', ') || 'no rows'}${a.skippedContainers.length ? ` (not mapped: ${a.skippedContainers.join(', ')})` : ''}\n`);
              return a.database;
            } : undefined,
          });
          if (archiveProblems) setExit(1);
        } else {
          if (!from || !to) throw new UsageError(`${opts.workspace ? '--workspace' : '--cluster'} needs --from and --to (the period to backtest)`);
          if (opts.fullLookback) throw new UsageError('--full-lookback applies to local data (--data), whose first row is known');
          const remote = await remoteReplay(io, opts, { from, to, onProgress: bar.update });
          if (!remote) return;
          result = remote;
        }
        bar.stop();
        io.stdout(opts.format === 'json' ? backtestJson(result) : formatBacktestTable(result));
        if (result.queries && opts.format !== 'json') {
          const q = result.queries;
          io.stderr(`${q.sent} queries sent${q.retries ? ` (${q.retries} retried${q.throttled ? `, ${q.throttled} throttled` : ''})` : ''}${q.fromCheckpoint ? `, ${q.fromCheckpoint} runs from the checkpoint` : ''}\n`);
        }
        for (const r of result.rules) if (r.error) io.stderr(`content replay: ${r.ruleFile}: ${r.error}\n`);
        if (result.rules.some((r) => r.error)) setExit(1);
      } catch (e) {
        loading.stop();
        bar.stop();
        if (e instanceof BacktestError || e instanceof UsageError || (e instanceof KqlError && e.code === 'KQL_DATA')) {
          if (e instanceof UsageError) throw e;
          io.stderr(`content replay: ${e.message}\n`);
          setExit(EXIT_USAGE);
          return;
        }
        if (e instanceof BacktestEngineError) {
          io.stderr(`content replay: ${e.code}: ${e.message}\n`);
          setExit(e.code === 'BACKTEST_CHECKPOINT' || e.code === 'BACKTEST_USAGE' || e.code === 'BACKTEST_AUTH' ? EXIT_USAGE : 1);
          return;
        }
        throw e;
      }
    });
}

