/**
 * The scheduler's engine for a remote backtest: each run's query goes through the pool (bounded concurrency,
 * throttling), answered from the checkpoint when it holds the run, and stored there when it arrives. Runs of a
 * rule without suppression do not depend on each other, so the next runs are queried ahead while the scheduler
 * works through the current one; a rule with suppression runs in order, since an alert decides whether the next
 * runs happen at all (no query is spent on a suppressed run).
 */
import { queryWindow, runTimes, type QueryRows, type ReplayEngine, type ReplayRule, type RunRequest } from '../replay/index.ts';
import { runKey, type Checkpoint } from './checkpoint.ts';
import type { EngineTable, QueryEngine } from './engine.ts';
import type { QueryPool } from './pool.ts';

export interface ScheduledRunsOptions {
  rules: ReplayRule[];
  from: Date;
  to: Date;
  checkpoint?: Checkpoint;
  /** Runs of one rule queried ahead of the scheduler (default: twice the pool's concurrency). */
  lookahead?: number;
}

interface RulePlan { rule: ReplayRule; times: Date[]; index: Map<number, number>; ahead: boolean }

export class ScheduledRuns implements ReplayEngine<unknown> {
  private readonly plans = new Map<string, RulePlan>();
  private readonly inflight = new Map<string, Promise<EngineTable>>();
  private readonly lookahead: number;
  /** Runs answered by the checkpoint and runs queried in this backtest. */
  readonly stats = { runs: 0, fromCheckpoint: 0, queried: 0 };

  constructor(private readonly engine: QueryEngine, private readonly pool: QueryPool, private readonly options: ScheduledRunsOptions) {
    this.lookahead = options.lookahead ?? pool.concurrency * 2;
    for (const rule of options.rules) {
      const times = runTimes(rule, options.from, options.to);
      this.plans.set(rule.query, { rule, times, index: new Map(times.map((t, i) => [t.getTime(), i])), ahead: !rule.suppressionEnabled });
    }
  }

  private fetch(query: string, now: Date, window: { start: Date; end: Date }, signal?: AbortSignal): Promise<EngineTable> {
    const key = runKey(query, now, window);
    const saved = this.options.checkpoint?.get(key);
    if (saved) return Promise.resolve(saved);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.pool.run((s) => this.engine.query({ query, now, window, signal: s }), signal).then((t) => {
        this.stats.queried++;
        this.options.checkpoint?.put(key, t);
        return t;
      });
      // A query run ahead whose rule failed meanwhile is never awaited: its error is not unhandled.
      p.catch(() => undefined);
      this.inflight.set(key, p);
    }
    return p;
  }

  async run(query: string, _data: unknown, request: RunRequest): Promise<QueryRows> {
    const plan = this.plans.get(query);
    const at = plan?.index.get(request.now.getTime());
    if (plan && at !== undefined && plan.ahead) {
      for (let k = at + 1; k <= Math.min(plan.times.length - 1, at + this.lookahead); k++) {
        const t = plan.times[k]!;
        this.fetch(query, t, queryWindow(plan.rule, t), request.signal);
      }
    }
    const key = runKey(query, request.now, request.timeRange);
    this.stats.runs++;
    if (this.options.checkpoint?.fromFile(key)) this.stats.fromCheckpoint++;
    try {
      const t = await this.fetch(query, request.now, request.timeRange, request.signal);
      return { columns: t.columns.map((c) => c.name), rows: t.rows };
    } finally {
      this.inflight.delete(key);
    }
  }
}
