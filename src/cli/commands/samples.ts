/**
 * `content samples`: writes sample logs as JSON lines (one file per table).
 *   generate   the seeded benign baseline (or a bulk volume with --rows) to a directory
 *   scenarios  the attack scenarios per rule area (samples/scenarios/<area>/), regenerated from src/samples
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SCENARIOS, generateBaseline, generateVolume, writeScenarios, writeTables } from '../../samples/index.ts';
import { EXIT_OK, UsageError, type CliIO } from '../io.ts';

interface GenerateOptions { out: string; days?: string; history?: string; seed?: string; start?: string; rows?: string }

function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer >= ${min} (got ${value})`);
  return n;
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const samples = program.command('samples').description('write sample logs (JSON lines, one file per table)');

  samples
    .command('generate')
    .description('write the seeded benign baseline (Managed HSM, AzureActivity, SigninLogs, threat intelligence), or a bulk volume with --rows')
    .requiredOption('--out <dir>', 'directory to write <Table>.jsonl files to')
    .option('--days <n>', 'days in the measured window (default 7)')
    .option('--history <n>', 'days of history before the window, for lookback rules (default 14)')
    .option('--seed <n>', 'PRNG seed; the same seed writes the same rows (default 20261109)')
    .option('--start <iso>', 'start of the measured window (default 2026-11-09T00:00:00Z)')
    .option('--rows <n>', 'instead of the baseline: this many Managed HSM rows for benchmarks')
    .action((opts: GenerateOptions) => {
      const seed = integer(opts.seed, '--seed', 0);
      const rows = integer(opts.rows, '--rows', 1);
      if (opts.start !== undefined && Number.isNaN(Date.parse(opts.start))) throw new UsageError(`--start: cannot read ${opts.start} as an ISO-8601 datetime`);
      const out = resolve(io.cwd, opts.out);
      let files: string[];
      if (rows !== undefined) {
        files = writeTables(out, generateVolume({ seed, rows, start: opts.start }));
        io.stdout(`wrote ${rows} rows to ${files.join(', ')}\n`);
      } else {
        const b = generateBaseline({ seed, start: opts.start, days: integer(opts.days, '--days', 1), historyDays: integer(opts.history, '--history', 0) });
        files = writeTables(out, b.tables);
        const counts = Object.entries(b.tables).map(([t, r]) => `${t} ${r.length}`).join(', ');
        io.stdout(`baseline ${b.from.toISOString()} .. ${b.to.toISOString()} (with history before): ${counts}\nwrote ${files.length} files to ${out}\n`);
      }
      setExit(EXIT_OK);
    });

  samples
    .command('scenarios')
    .description('regenerate the attack scenarios per rule area from src/samples/scenarios')
    .option('--out <dir>', 'root directory (default samples/scenarios)', 'samples/scenarios')
    .action((opts: { out: string }) => {
      const out = resolve(io.cwd, opts.out);
      const files = writeScenarios(out, SCENARIOS);
      io.stdout(`wrote ${files.length} files for ${SCENARIOS.length} scenarios to ${out}\n`);
      setExit(EXIT_OK);
    });
}
