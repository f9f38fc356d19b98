/**
 * `content replay --workspace` / `--cluster`: the pack's schedule over [from, to] on a remote engine. The rules,
 * scheduler, alerts, incidents and report are the local replay's (src/replay backtestRules); this adds the pool,
 * the checkpoint and the queries run ahead (scheduled-engine.ts).
 */
import { backtestRules, BacktestError, discoverSuite, isoTime, selectRules, type BacktestResult } from '../replay/index.ts';
import { Checkpoint } from './checkpoint.ts';
import { BacktestEngineError, type QueryEngine } from './engine.ts';
import { QueryPool, type Classify, type PoolOptions } from './pool.ts';
import { ScheduledRuns } from './scheduled-engine.ts';

export interface RemoteBacktestOptions extends PoolOptions {
  engine: QueryEngine;
  classify: Classify;
  from: Date;
  to: Date;
  /** Rule ids, names or paths; default every rule. */
  rules?: string[];
  /** Checkpoint file: results so far are kept there, and a run already in it is not queried again. */
  checkpoint?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface RemoteBacktestResult extends BacktestResult {
  engine: { kind: QueryEngine['kind']; target: string };
  /** Queries sent (retries included), runs answered from the checkpoint, waits for throttling. */
  queries: { sent: number; retries: number; throttled: number; throttledMs: number; fromCheckpoint: number; runs: number };
}

export async function remoteBacktest(root: string, options: RemoteBacktestOptions): Promise<RemoteBacktestResult> {
  if (!(options.to > options.from)) throw new BacktestError('--to must be after --from');
  const suite = discoverSuite(root);
  const entries = selectRules(suite.entries, root, options.rules);
  const checkpoint = options.checkpoint ? new Checkpoint(options.checkpoint, { target: options.engine.target, from: isoTime(options.from), to: isoTime(options.to) }) : undefined;
  const pool = new QueryPool(options.classify, options);
  const runs = new ScheduledRuns(options.engine, pool, { rules: entries.map((e) => e.rule), from: options.from, to: options.to, checkpoint });
  const result = await backtestRules(entries, runs, undefined, {
    from: options.from,
    to: options.to,
    signal: options.signal,
    onProgress: options.onProgress,
    concurrency: pool.concurrency,
    isFatal: (e) => e instanceof BacktestEngineError && (e.code === 'BACKTEST_AUTH' || e.code === 'BACKTEST_THROTTLED' || e.code === 'BACKTEST_CHECKPOINT'),
  });
  return {
    ...result,
    problems: suite.problems.filter((p) => p.code.startsWith('replay-')),
    engine: { kind: options.engine.kind, target: options.engine.target },
    queries: { sent: pool.stats.requests, retries: pool.stats.retries, throttled: pool.stats.throttled, throttledMs: pool.stats.throttledMs, fromCheckpoint: runs.stats.fromCheckpoint, runs: runs.stats.runs },
  };
}
