import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import { alertFacts, backtest, BacktestError, formatBacktestTable, parseDuration, parseInstant } from '../../replay/index.ts';
import { KqlError } from '../../kql/index.ts';

interface ReplayOptions { data: string; from?: string; to?: string; fullLookback?: boolean; rules?: string[]; ingestionDelay?: string; format: 'json' | 'table' }

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('backtest rules over a dataset directory with Sentinel\'s scheduler simulated; prints alerts and incidents')
    .requiredOption('--data <dir>', 'dataset directory: one TABLE.jsonl, TABLE.json or TABLE.csv per table')
    .option('--from <time>', 'start of the backtest (ISO-8601); the first run is one queryFrequency later (default: the data\'s first row, down to the hour)')
    .option('--to <time>', 'end of the backtest (ISO-8601) (default: the data\'s last row, up to the next hour)')
    .option('--full-lookback', 'run each rule only once its look-back (queryPeriod) is covered by data; without it, alerts from earlier runs are marked "edge"')
    .option('--rules <ids-or-paths...>', 'rule ids, names, files or directories (default: every rule)')
    .option('--ingestion-delay <duration>', 'rows without _IngestionTime are ingested this long after their TimeGenerated (e.g. 2m); each run sees only rows ingested before it')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('table'))
    .action(async (opts: ReplayOptions) => {
      const from = opts.from === undefined ? undefined : parseInstant(opts.from);
      const to = opts.to === undefined ? undefined : parseInstant(opts.to);
      if (opts.from !== undefined && !from) throw new UsageError(`--from ${opts.from}: not an ISO-8601 time such as 2026-11-20T00:00:00Z`);
      if (opts.to !== undefined && !to) throw new UsageError(`--to ${opts.to}: not an ISO-8601 time such as 2026-11-27T00:00:00Z`);
      let ingestionDelayMs: number | undefined;
      if (opts.ingestionDelay !== undefined) {
        ingestionDelayMs = parseDuration(opts.ingestionDelay);
        if (ingestionDelayMs === undefined || ingestionDelayMs < 0) {
          throw new UsageError(`--ingestion-delay ${opts.ingestionDelay}: not a duration such as 2m, 90s or PT5M`);
        }
      }
      // Progress goes to stderr, only on a terminal, so piped JSON stays clean.
      const tty = Boolean(process.stderr.isTTY) && io.isTTY;
      const bar = tty ? new cliProgress.SingleBar({ stream: process.stderr, format: 'replay {bar} {value}/{total} runs', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
      let started = false;
      try {
        const result = await backtest(io.cwd, {
          data: opts.data,
          from,
          to,
          fullLookback: opts.fullLookback,
          rules: opts.rules,
          ingestionDelayMs,
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) { bar.start(total, 0); started = true; }
            bar.update(done);
          },
        });
        bar?.stop();
        if (opts.format === 'json') {
          io.stdout(`${JSON.stringify({
            from: result.from,
            to: result.to,
            data: result.data,
            rules: result.rules,
            alerts: result.alerts.map((a, i) => ({ id: i, rule: { id: a.ruleId, name: a.ruleName }, ...alertFacts(a), ...(a.edge ? { edge: a.edge } : {}) })),
            incidents: result.incidents.map((inc) => ({
              number: inc.number, ruleId: inc.ruleId, title: inc.title, severity: inc.severity, createdAt: inc.createdAt, lastAlertAt: inc.lastAlertAt, alerts: inc.alertIds,
            })),
          }, null, 2)}\n`);
        } else {
          io.stdout(formatBacktestTable(result));
        }
        for (const r of result.rules) if (r.error) io.stderr(`content replay: ${r.ruleFile}: ${r.error}\n`);
        if (result.rules.some((r) => r.error)) setExit(1);
      } catch (e) {
        bar?.stop();
        if (e instanceof BacktestError || (e instanceof KqlError && e.code === 'KQL_DATA')) {
          io.stderr(`content replay: ${e.message}\n`);
          setExit(EXIT_USAGE);
          return;
        }
        throw e;
      }
    });
}
