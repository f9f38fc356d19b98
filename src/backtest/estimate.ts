/**
 * `--dry-run`: what a backtest would cost before anything runs. The number of queries is exact (every scheduled run
 * of every rule; suppression can only skip some). The data they scan comes from the engine's hourly volume of
 * each table a rule reads (Log Analytics: the `Usage` table; ADX: estimate_data_size), summed over every run's
 * window, so a table read by a rule with a 14-day look-back every hour counts 336 times.
 */
import { queryWindow, runTimes, type SuiteEntry } from '../replay/index.ts';
import type { FunctionDefinition } from '../kql/index.ts';
import { tablesReadBy } from './compose.ts';
import type { HourlyVolume, QueryEngine } from './engine.ts';

export interface RuleEstimate {
  ruleId: string;
  ruleName: string;
  queries: number;
  tables: string[];
  /** Bytes scanned by all its runs together; undefined when the engine cannot say. */
  scannedBytes?: number;
}

export interface BacktestEstimate {
  from: string;
  to: string;
  target: string;
  queries: number;
  scannedBytes?: number;
  /** Each table's volume over [from - longest look-back, to). */
  tables: { table: string; bytes: number }[];
  rules: RuleEstimate[];
}

const HOUR = 3_600_000;

/** Cumulative volume of one table: bytes in [origin, x), spread evenly within each hour. */
function cumulative(volumes: HourlyVolume[], origin: number, hours: number): (x: number) => number {
  const per = new Float64Array(hours);
  for (const v of volumes) {
    const h = Math.floor((v.hour.getTime() - origin) / HOUR);
    if (h >= 0 && h < hours) per[h]! += v.bytes;
  }
  const prefix = new Float64Array(hours + 1);
  for (let i = 0; i < hours; i++) prefix[i + 1] = prefix[i]! + per[i]!;
  return (x) => {
    const f = (x - origin) / HOUR;
    if (f <= 0) return 0;
    if (f >= hours) return prefix[hours]!;
    const i = Math.floor(f);
    return prefix[i]! + per[i]! * (f - i);
  };
}

export async function estimateBacktest(
  entries: SuiteEntry[],
  engine: QueryEngine,
  o: { from: Date; to: Date; tables: string[]; functions: FunctionDefinition[]; signal?: AbortSignal },
): Promise<BacktestEstimate> {
  const reads = entries.map((e) => tablesReadBy(e.rule.query, o.tables, o.functions));
  const allTables = [...new Set(reads.flat())];
  const lookBack = Math.max(0, ...entries.map((e) => e.rule.queryPeriodMs));
  const origin = Math.floor((o.from.getTime() - lookBack) / HOUR) * HOUR;
  const hours = Math.ceil((o.to.getTime() - origin) / HOUR);
  let volumes: HourlyVolume[] | undefined;
  if (engine.hourlyVolume && allTables.length) volumes = await engine.hourlyVolume(allTables, new Date(origin), new Date(origin + hours * HOUR), o.signal);
  const curves = new Map(allTables.map((t) => [t, cumulative(volumes?.filter((v) => v.table === t) ?? [], origin, hours)]));
  const rules: RuleEstimate[] = entries.map((e, i) => {
    const times = runTimes(e.rule, o.from, o.to);
    let scanned = 0;
    for (const t of times) {
      const w = queryWindow(e.rule, t);
      for (const table of reads[i]!) {
        const c = curves.get(table)!;
        scanned += c(w.end.getTime()) - c(w.start.getTime());
      }
    }
    return { ruleId: e.rule.id, ruleName: e.rule.name, queries: times.length, tables: reads[i]!, scannedBytes: volumes ? Math.round(scanned) : undefined };
  });
  return {
    from: o.from.toISOString(),
    to: o.to.toISOString(),
    target: engine.target,
    queries: rules.reduce((n, r) => n + r.queries, 0),
    scannedBytes: volumes ? rules.reduce((n, r) => n + (r.scannedBytes ?? 0), 0) : undefined,
    tables: allTables.map((t) => ({ table: t, bytes: Math.round(curves.get(t)!(origin + hours * HOUR)) })),
    rules,
  };
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatEstimate(e: BacktestEstimate): string {
  const w = Math.max(4, ...e.rules.map((r) => r.ruleName.length));
  const out = [`Dry run: backtest ${e.from} → ${e.to} on ${e.target}`, '', `  ${'rule'.padEnd(w)}  queries  scans`];
  for (const r of e.rules) out.push(`  ${r.ruleName.padEnd(w)}  ${String(r.queries).padStart(7)}  ${formatBytes(r.scannedBytes).padStart(8)}  ${r.tables.join(', ')}`);
  out.push('', `${e.queries} queries, scanning about ${formatBytes(e.scannedBytes)} in all`);
  for (const t of e.tables) out.push(`  ${t.table}: ${formatBytes(t.bytes)} over the period and its longest look-back`);
  return `${out.join('\n')}\n`;
}
