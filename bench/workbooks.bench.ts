/**
 * `npm run bench:workbooks`: the workbook toolchain on the project's workbooks and samples, in one fresh process:
 * load and compile (with the pack's rules for ${packRules}), lint every query (parser load included), replay every
 * query on each scenario (first run binds and plans; the second shows the cached plans), and render the preview
 * page. Prints wall-clock time per stage.
 *
 * BENCH_ROUNDS=n repeats the warm replay n times (default 3) and reports the median.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createEngine, warmUpKusto } from '../src/kql/index.ts';
import {
  dataTimeRange, lintWorkbooks, loadPreviewData, loadWorkbooks, projectBindingContext, renderWorkbookPage, runWorkbook,
} from '../src/workbooks/index.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const root = resolve(import.meta.dirname, '..');
const rows: [string, string][] = [];
const time = <T>(label: string, fn: () => T): T => {
  const t = performance.now();
  const r = fn();
  rows.push([label, `${(performance.now() - t).toFixed(0)} ms`]);
  return r;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

time('parser load and warm-up', () => warmUpKusto());
const ctx = time('schemas and workspace functions', () => projectBindingContext(root));
const { workbooks, problems } = time('load and compile workbooks', () => loadWorkbooks(join(root, 'workbooks'), { contentRoot: root }));
if (problems.length) throw new Error(`workbook problems: ${problems.map((p) => p.message).join('; ')}`);
const findings = time('lint every workbook query', () => lintWorkbooks({ root, workbooks, tables: ctx.tables, functions: ctx.functions }));
rows.push(['  lint findings', String(findings.length)]);

const engine = createEngine({ tables: ctx.tables, functions: ctx.functions });
const scenarioDirs = readdirSync(join(root, 'samples/scenarios')).sort().map((s) => join(root, 'samples/scenarios', s));
const databases = time('load scenario data (AzureDiagnostics shape)', () => scenarioDirs.map((d) => loadPreviewData([d], ctx.tables, ['AZKVAuditLogs'])));
const range = time('data time range', () => {
  const rs = databases.map((db) => dataTimeRange(engine, db)!).filter(Boolean);
  return { start: new Date(Math.min(...rs.map((r) => r.start.getTime()))), end: new Date(Math.max(...rs.map((r) => r.end.getTime()))) };
});
const overview = workbooks.find((w) => w.source.key === 'managed-hsm-security-overview')!;
let queryCount = 0;
time(`overview on ${databases.length} scenarios, first run (bind and plan)`, () => {
  for (const database of databases) queryCount += runWorkbook(overview, { engine, database, timeRange: range }).runs.length;
});
const warm: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  for (const database of databases) runWorkbook(overview, { engine, database, timeRange: range });
  warm.push(performance.now() - t);
}
rows.push([`overview on ${databases.length} scenarios, warm (median of ${ROUNDS})`, `${median(warm).toFixed(0)} ms (${queryCount} queries)`]);
const run = runWorkbook(overview, { engine, database: databases[0], timeRange: range });
const html = time('render the preview page', () => renderWorkbookPage(run));
rows.push(['  page size', `${(html.length / 1024).toFixed(0)} KiB`]);

const width = Math.max(...rows.map(([l]) => l.length));
process.stdout.write(`${rows.map(([l, v]) => `${l.padEnd(width)}  ${v}`).join('\n')}\n`);
