/**
 * Bounded concurrency for a remote engine, with throttling honoured for the whole pool: when the service answers
 * 429 with Retry-After, every lane waits (Log Analytics and ADX throttle per caller, so the other lanes would be
 * refused too) and the request is retried. Server errors (5xx) and dropped connections are retried with
 * exponential back-off; other errors are final.
 */
import { BacktestEngineError } from './engine.ts';

export interface PoolOptions {
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Retries of one request on 429, 5xx or a dropped connection (default 5). */
  maxRetries?: number;
  /** First back-off when the service gives no Retry-After (default 1000 ms; doubled per retry, at most 60 s). */
  retryDelayMs?: number;
  /** Told about every wait for throttling (progress output). */
  onThrottle?: (waitMs: number) => void;
}

export type Classify = (err: unknown) => { kind: 'throttled' | 'transient' | 'final'; retryAfterMs?: number };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal?.removeEventListener('abort', abort); resolve(); }, ms);
    const abort = () => { clearTimeout(t); reject(signal!.reason); };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

export class QueryPool {
  readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** No request starts before this instant (set by a throttled answer). */
  private pausedUntil = 0;
  /** Requests made, retries and waits for throttling: what the report and the tests read. */
  readonly stats = { requests: 0, retries: 0, throttled: 0, throttledMs: 0 };

  constructor(private readonly classify: Classify, private readonly options: PoolOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.maxRetries = options.maxRetries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.concurrency) { this.active++; return; }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  async run<T>(request: (signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      signal?.throwIfAborted();
      for (let attempt = 0; ; attempt++) {
        const wait = this.pausedUntil - Date.now();
        if (wait > 0) await sleep(wait, signal);
        signal?.throwIfAborted();
        this.stats.requests++;
        try {
          return await request(signal);
        } catch (err) {
          if (signal?.aborted) throw err;
          const c = this.classify(err);
          if (c.kind === 'final') throw err;
          if (attempt >= this.maxRetries) {
            if (c.kind === 'throttled') {
              throw new BacktestEngineError('BACKTEST_THROTTLED', `still throttled (429) after ${this.maxRetries} retries; lower --concurrency or retry later (the checkpoint keeps what is done)`, 429, { cause: err });
            }
            throw err;
          }
          this.stats.retries++;
          const backoff = Math.min(60_000, this.retryDelayMs * 2 ** attempt);
          const delay = c.retryAfterMs ?? backoff;
          if (c.kind === 'throttled') {
            this.stats.throttled++;
            this.stats.throttledMs += delay;
            this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
            this.options.onThrottle?.(delay);
          } else {
            await sleep(delay, signal);
          }
        }
      }
    } finally {
      this.release();
    }
  }
}
