import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import { alertFacts, backtest, BacktestError, formatBacktestTable, parseDuration, parseInstant } from '../../replay/index.ts';
import { KqlError } from '../../kql/index.ts';

interface ReplayOptions { data: string; from: string; to: string; rules?: string[]; ingestionDelay?: string; format: 'json' | 'table' }

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('backtest rules over a dataset directory with Sentinel\'s scheduler simulated; prints alerts and incidents')
    .requiredOption('--data <dir>', 'dataset directory: one TABLE.jsonl, TABLE.json or TABLE.csv per table')
    .requiredOption('--from <time>', 'start of the backtest (ISO-8601); the first run is one queryFrequency later')
    .requiredOption('--to <time>', 'end of the backtest (ISO-8601)')
    .option('--rules <ids-or-paths...>', 'rule ids, names, files or directories (default: every rule)')
    .option('--ingestion-delay <duration>', 'rows without _IngestionTime are ingested this long after their TimeGenerated (e.g. 2m); each run sees only rows ingested before it')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('table'))
    .action(async (opts: ReplayOptions) => {
      const from = parseInstant(opts.from);
      const to = parseInstant(opts.to);
      if (!from) throw new UsageError(`--from ${opts.from}: not an ISO-8601 time such as 2026-11-20T00:00:00Z`);
      if (!to) throw new UsageError(`--to ${opts.to}: not an ISO-8601 time such as 2026-11-27T00:00:00Z`);
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
            rules: result.rules,
            alerts: result.alerts.map((a, i) => ({ id: i, rule: { id: a.ruleId, name: a.ruleName }, ...alertFacts(a) })),
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
