/**
 * A backtest's checkpoint: every query result, one JSON line each, appended as it arrives. A backtest started again
 * with the same file answers those runs from it (nothing is queried twice) and queries only the rest; a changed
 * rule query has another key and runs again. The first line names the target and period; a file from another
 * backtest is refused rather than mixed in. A line cut short by an interruption is ignored.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BacktestEngineError, type EngineTable } from './engine.ts';

export interface CheckpointHeader { checkpoint: 1; target: string; from: string; to: string }

export function runKey(query: string, now: Date, window: { start: Date; end: Date }): string {
  return createHash('sha256').update(`${query}\0${now.toISOString()}\0${window.start.toISOString()}\0${window.end.toISOString()}`).digest('hex').slice(0, 32);
}

export class Checkpoint {
  private readonly results = new Map<string, EngineTable>();
  private readonly loaded = new Set<string>();
  /** Results read from the file when the backtest started. */
  readonly resumed: number;

  constructor(readonly file: string, header: Omit<CheckpointHeader, 'checkpoint'>) {
    const want: CheckpointHeader = { checkpoint: 1, ...header };
    if (!existsSync(file)) {
      writeFileSync(file, `${JSON.stringify(want)}\n`);
      this.resumed = 0;
      return;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new BacktestEngineError('BACKTEST_CHECKPOINT', `${file}: cannot read the checkpoint (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const lines = text.split('\n');
    let head: Partial<CheckpointHeader> = {};
    try { head = JSON.parse(lines[0] ?? ''); } catch { /* reported below */ }
    if (head.checkpoint !== 1) {
      throw new BacktestEngineError('BACKTEST_CHECKPOINT', `${file}:1:1: not a backtest checkpoint; give --checkpoint a new file name or delete this one`);
    }
    if (head.target !== want.target || head.from !== want.from || head.to !== want.to) {
      throw new BacktestEngineError('BACKTEST_CHECKPOINT', `${file}:1:1: checkpoint of another backtest (${head.target} ${head.from} → ${head.to}); this one is ${want.target} ${want.from} → ${want.to}: give --checkpoint another file or delete it`);
    }
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]!.trim()) continue;
      try {
        const e = JSON.parse(lines[i]!) as { k: string; columns: EngineTable['columns']; rows: unknown[][] };
        if (typeof e.k === 'string' && Array.isArray(e.columns) && Array.isArray(e.rows)) this.results.set(e.k, { columns: e.columns, rows: e.rows });
      } catch {
        // The last line of an interrupted write: that run is queried again.
      }
    }
    if (!text.endsWith('\n')) appendFileSync(file, '\n');
    for (const k of this.results.keys()) this.loaded.add(k);
    this.resumed = this.results.size;
  }

  /** Whether the result was in the file when the backtest started (not stored by this one). */
  fromFile(key: string): boolean {
    return this.loaded.has(key);
  }

  get(key: string): EngineTable | undefined {
    return this.results.get(key);
  }

  put(key: string, table: EngineTable): void {
    this.results.set(key, table);
    appendFileSync(this.file, `${JSON.stringify({ k: key, columns: table.columns, rows: table.rows })}\n`);
  }
}
