/**
 * The preview page: one self-contained HTML document showing a workbook run on local data, step by step, as the
 * portal lays it out (widths, groups, titles). Its Content-Security-Policy forbids every fetch and every script,
 * so the page can be opened anywhere and shows exactly what was computed.
 */
import type { GroupStep, QueryStep, WorkbookStep } from '../model.ts';
import type { QueryRun, WorkbookRun } from '../replay.ts';
import { durationMs } from '../compile.ts';
import { grainFor } from '../parameters.ts';
import { renderBarChart, renderPieChart, renderTable, renderTiles, renderTimeChart, type Rows, type TimeAxis } from './charts.ts';
import { escapeHtml, renderMarkdown } from './markdown.ts';

export interface PageOptions {
  /** Describes the data, e.g. the directories it was read from. */
  dataLabel?: string;
  /** Values the analyst picked (shown in the parameter bar); defaults are shown as such. */
  values?: Record<string, string | string[]>;
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1a19; --muted: #605e5c; --line: #e1dfdd; --bg: #faf9f8; --card: #fff; --accent: #0078d4; --code: #f3f2f1; --err: #fde7e9; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #f3f2f1; --muted: #b3b0ad; --line: #3b3a39; --bg: #1b1a19; --card: #252423; --accent: #4ca0e0; --code: #323130; --err: #442726; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 "Segoe UI", system-ui, -apple-system, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 24px 8px; background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0 0 8px; color: var(--muted); max-width: 1100px; }
.params { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.pill { border: 1px solid var(--line); border-radius: 14px; padding: 2px 10px; background: var(--bg); }
.pill b { font-weight: 600; }
main { padding: 12px 16px 32px; }
.steps { display: flex; flex-wrap: wrap; gap: 12px; align-items: stretch; }
.step { flex: 1 1 100%; min-width: 280px; background: var(--card); border: 1px solid var(--line); border-radius: 4px; padding: 10px 14px; overflow: hidden; }
.step-text { background: transparent; border: none; padding: 4px 2px; }
.group { flex: 1 1 100%; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px 12px; }
.group > h2 { margin: 4px 4px 10px; font-size: 17px; font-weight: 600; }
.step h3 { margin: 0 0 8px; font-size: 15px; font-weight: 600; }
h2, h3, h4 { font-weight: 600; }
.chart { width: 100%; height: auto; font-size: 11px; fill: var(--muted); }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 4px; font-size: 12px; color: var(--muted); }
.legend i, .pielegend i { display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; vertical-align: -1px; }
.pie { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.pie svg { width: 180px; flex: 0 0 180px; }
.pielegend td { padding: 2px 8px 2px 0; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; }
.tile { flex: 1 1 140px; border-left: 4px solid var(--accent); background: var(--bg); padding: 8px 12px; }
.tile-title { color: var(--muted); font-size: 12px; }
.tile-value { font-size: 26px; font-weight: 600; }
.tile-sub { color: var(--muted); font-size: 12px; }
.grid { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
.grid table { width: 100%; }
th { text-align: left; font-weight: 600; border-bottom: 2px solid var(--line); padding: 4px 8px; white-space: nowrap; }
td { border-bottom: 1px solid var(--line); padding: 3px 8px; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.dt { white-space: nowrap; font-variant-numeric: tabular-nums; }
.chart .axis-label { font-size: 11px; fill: var(--muted); font-weight: 600; }
table.md th, table.md td { border: 1px solid var(--line); }
code { font: 12px Consolas, monospace; background: var(--code); padding: 0 3px; border-radius: 2px; }
.nodata { color: var(--muted); font-style: italic; padding: 8px 0; }
.more { color: var(--muted); font-size: 12px; margin-top: 4px; }
.kql { margin-top: 8px; font-size: 12px; color: var(--muted); }
.kql pre { background: var(--code); padding: 8px; overflow-x: auto; font: 12px Consolas, monospace; color: var(--fg); }
.error { border-left: 4px solid #d13438; background: var(--err); padding: 8px 12px; white-space: pre-wrap; }
footer { color: var(--muted); font-size: 12px; padding: 0 24px 24px; }
`;

function widthStyle(step: WorkbookStep): string {
  return step.width !== undefined && step.width < 100 ? ` style="flex: 1 1 calc(${step.width}% - 12px)"` : '';
}

function renderVisualization(step: QueryStep, run: QueryRun, range: { start: Date; end: Date }): string {
  const data: Rows = { columns: run.result!.columns, rows: run.result!.rows };
  const axis: TimeAxis = { start: range.start.getTime(), end: range.end.getTime(), grainMs: durationMs(grainFor(range)) };
  if (data.rows.length === 0) return `<div class="nodata">${escapeHtml(step.noDataMessage ?? 'The query returned no results.')}</div>`;
  switch (step.visualization) {
    case 'table': return renderTable(data, step.columns);
    case 'timechart': return renderTimeChart(data, step.columns, 'line', axis);
    case 'barchart': return renderBarChart(data, step.columns, axis);
    case 'piechart': return renderPieChart(data, step.columns);
    case 'tiles': return renderTiles(data, step.columns);
  }
}

function renderStep(step: WorkbookStep, run: WorkbookRun): string {
  const id = escapeHtml(step.id);
  if (step.kind === 'text') {
    return `<section class="step step-text" data-step="${id}"${widthStyle(step)}>${renderMarkdown(step.markdown)}</section>`;
  }
  if (step.kind === 'group') return renderGroup(step, run);
  const title = step.title ? `<h3>${escapeHtml(step.title)}</h3>` : '';
  const r = run.steps.get(step.id);
  let body: string;
  let status = 'ok';
  if (!r) { body = '<div class="error">This step was not run.</div>'; status = 'error'; }
  else if (r.error) {
    status = 'error';
    body = `<div class="error">The query failed (${escapeHtml(r.error.code)}, ${escapeHtml(run.workbook.source.file)}:${r.error.position.line}:${r.error.position.column}): ${escapeHtml(r.error.message)}</div>`;
  } else if (r.missingColumns.length) {
    status = 'error';
    body = `<div class="error">The ${escapeHtml(step.visualization)} needs the columns ${escapeHtml(r.missingColumns.join(', '))}, which the query does not return.</div>`;
  } else body = renderVisualization(step, r, run.timeRange);
  const rows = r?.result ? ` data-rows="${r.result.rows.length}"` : '';
  // The query as written (with its parameters), to copy into Logs.
  const kql = `<details class="kql"><summary>Query</summary><pre>${escapeHtml(step.query.trimEnd())}</pre></details>`;
  return `<section class="step step-query vis-${step.visualization}" data-step="${id}" data-status="${status}"${rows}${widthStyle(step)}>${title}${body}${kql}</section>`;
}

function renderGroup(group: GroupStep, run: WorkbookRun): string {
  const title = group.title ? `<h2>${escapeHtml(group.title)}</h2>` : '';
  return `<section class="group" data-step="${escapeHtml(group.id)}"${widthStyle(group)}>${title}<div class="steps">${group.steps.map((s) => renderStep(s, run)).join('\n')}</div></section>`;
}

function parameterPills(run: WorkbookRun, options: PageOptions): string {
  const pills: string[] = [];
  for (const p of run.workbook.source.parameters) {
    if (p.hidden) continue;
    const label = escapeHtml(p.label ?? p.name);
    let value: string;
    if (p.type === 'timeRange') {
      value = `${run.timeRange.start.toISOString().replace('T', ' ').slice(0, 16)} – ${run.timeRange.end.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
    } else if (p.type === 'workspace') {
      value = 'local data';
    } else {
      const chosen = options.values?.[p.name] ?? p.sampleValue ?? (p.includeAll ? '*' : p.choices?.[0] ?? p.default ?? '');
      const list = Array.isArray(chosen) ? chosen : [chosen];
      value = list.length === 1 && list[0] === '*' ? 'All' : list.join(', ');
      const pr = run.parameters.get(p.name);
      if (pr?.result) {
        value += ` (${pr.result.rows.length} available)`;
        const available = pr.result.rows.slice(0, 20).map((row) => String(row[0] ?? ''));
        pills.push(`<span class="pill" data-parameter="${escapeHtml(p.name)}" title="${escapeHtml(available.join(', '))}">${label}: <b>${escapeHtml(value)}</b></span>`);
        continue;
      }
      if (pr?.error) value += ' (its query failed)';
    }
    pills.push(`<span class="pill" data-parameter="${escapeHtml(p.name)}">${label}: <b>${escapeHtml(value)}</b></span>`);
  }
  return `<div class="params">${pills.join('')}</div>`;
}

/** The whole page for a run. */
export function renderWorkbookPage(run: WorkbookRun, options: PageOptions = {}): string {
  const src = run.workbook.source;
  const failed = run.runs.filter((r) => r.error).map((r) => r.query.label);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(src.title)} (preview)</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(src.title)}</h1>
<p>${escapeHtml(src.description.trim())}</p>
${parameterPills(run, options)}
</header>
<main><div class="steps">
${src.steps.map((s) => renderStep(s, run)).join('\n')}
</div></main>
<footer>Preview of <code>${escapeHtml(src.file)}</code> (version ${escapeHtml(src.version)}) computed locally${options.dataLabel ? ` from ${escapeHtml(options.dataLabel)}` : ''}${failed.length ? `; failed: ${escapeHtml(failed.join(', '))}` : ''}.</footer>
</body>
</html>
`;
}
