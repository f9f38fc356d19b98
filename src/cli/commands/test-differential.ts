/** `content test --engine adx --cluster URL --database DB`: every case's query in Kusto and locally, differences reported. */
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import { discoverSuite } from '../../replay/index.ts';
import { BacktestEngineError, differentialTest, formatDifferential } from '../../backtest/index.ts';
import { adxEngine } from './replay-remote.ts';

export async function runDifferentialTests(io: CliIO, paths: string[], opts: { cluster?: string; database?: string; format: string }): Promise<number> {
  if (!opts.cluster) throw new UsageError('--engine adx needs --cluster <url> and --database <db>');
  if (opts.format === 'junit') throw new UsageError('--engine adx reports as text or json');
  const suite = discoverSuite(io.cwd, { paths: paths.length ? paths : undefined });
  const engine = await adxEngine({ cluster: opts.cluster, database: opts.database }, suite.packFunctions, suite.tables.map((t) => t.name));
  try {
    const report = await differentialTest(io.cwd, { engine, paths: paths.length ? paths : undefined, signal: io.signal });
    io.stdout(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDifferential(report));
    return report.cases.some((c) => c.differences.length) ? EXIT_FINDINGS : EXIT_OK;
  } catch (e) {
    if (e instanceof BacktestEngineError) {
      io.stderr(`content test: ${e.code}: ${e.message}\n`);
      return e.code === 'BACKTEST_AUTH' ? EXIT_USAGE : EXIT_FINDINGS;
    }
    throw e;
  } finally {
    engine.close();
  }
}
