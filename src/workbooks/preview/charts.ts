/**
 * Visualizations drawn as inline SVG or plain HTML from a step's rows: time charts, bar charts, pie charts, tiles
 * and tables. No script runs in the page; every value is escaped.
 */
import type { ColumnSchema } from '../../kql/index.ts';
import type { VisualizationColumns } from '../model.ts';
import { escapeHtml } from './markdown.ts';
import { seriesColors } from '../series-colors.ts';

export interface Rows { columns: ColumnSchema[]; rows: unknown[][] }

/** Series beyond this many are too many to tell apart: the largest are kept. */
const MAX_SERIES = 10;
const MAX_TABLE_ROWS = 200;

function columnIndex(data: Rows, name: string | undefined): number {
  return name === undefined ? -1 : data.columns.findIndex((c) => c.name === name);
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Datetimes as `YYYY-MM-DD HH:MM:SS` (UTC), dynamic values as JSON, null as empty. */
export function formatCell(value: unknown, type?: string): string {
  if (value === null || value === undefined) return '';
  if (type === 'datetime' && typeof value === 'string') return value.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The value axis: a step of 1, 2 or 5 (2.5 too for fractional data) times a power of ten giving at most five
 * intervals, and the top at a whole number of steps. Counts get whole-number ticks (0, 1, 2, 3, not 0.75, 1.5).
 */
export function valueAxis(max: number, integer: boolean): { max: number; step: number } {
  if (max <= 0) return { max: 1, step: integer ? 1 : 0.25 };
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * p;
  for (const m of integer ? [1, 2, 5] : [1, 2, 2.5, 5]) if (m * p >= raw) { step = m * p; break; }
  if (integer) step = Math.max(1, Math.round(step));
  return { max: Math.ceil(max / step - 1e-9) * step, step };
}

function allIntegers(series: Map<string, Map<number | string, number>>): boolean {
  for (const m of series.values()) for (const v of m.values()) if (!Number.isInteger(v)) return false;
  return true;
}

function legend(series: string[], colors: Map<string, { hex: string }>): string {
  return `<div class="legend">${series.map((s) => `<span><i style="background:${colors.get(s)!.hex}"></i>${escapeHtml(s)}</span>`).join('')}</div>`;
}

/** Rows grouped into named series of (x, y) points: by the series column, else one series per y column. */
function seriesOf(data: Rows, cols: VisualizationColumns, xOf: (v: unknown) => number | string): Map<string, Map<number | string, number>> {
  const xi = columnIndex(data, cols.x ?? 'TimeGenerated');
  const yis = (cols.y ?? []).map((y) => columnIndex(data, y));
  const si = columnIndex(data, cols.series);
  const out = new Map<string, Map<number | string, number>>();
  for (const row of data.rows) {
    const x = xOf(row[xi]);
    yis.forEach((yi, k) => {
      const name = si >= 0 ? formatCell(row[si]) || '(empty)' : cols.y![k];
      const points = out.get(name) ?? new Map<number | string, number>();
      points.set(x, (points.get(x) ?? 0) + num(row[yi]));
      out.set(name, points);
    });
  }
  // Keep the largest series when there are too many to tell apart.
  const ranked = [...out.entries()].sort((a, b) => sum(b[1]) - sum(a[1]));
  return new Map(ranked.slice(0, MAX_SERIES));
}

function sum(m: Map<unknown, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

// Time charts usually span a row; bar charts often share it: different view boxes keep the text a readable size.
const W = 960;
const H = 260;
const BAR_W = 560;
const PAD = { left: 64, right: 12, top: 10, bottom: 48 };

function timeLabel(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs > 7 * 86_400_000 ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function yAxis(axis: { max: number; step: number }, label: string | undefined): string {
  const parts: string[] = [];
  for (let v = 0; v <= axis.max + 1e-9; v += axis.step) {
    const y = H - PAD.bottom - ((H - PAD.top - PAD.bottom) * v) / axis.max;
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${escapeHtml(formatNumber(Number(v.toFixed(6))))}</text>`);
  }
  if (label) {
    const mid = PAD.top + (H - PAD.top - PAD.bottom) / 2;
    parts.push(`<text class="axis-label" x="14" y="${mid}" text-anchor="middle" transform="rotate(-90 14 ${mid})">${escapeHtml(label)}</text>`);
  }
  return parts.join('');
}

/** The time range and bin size of the run, so that charts span the whole range with a point per bin. */
export interface TimeAxis { start: number; end: number; grainMs: number }

export function renderTimeChart(data: Rows, cols: VisualizationColumns, kind: 'line' | 'bar' = 'line', axis?: TimeAxis): string {
  const series = seriesOf(data, cols, (v) => Date.parse(String(v)));
  const seen = [...new Set([...series.values()].flatMap((m) => [...m.keys()] as number[]))].filter(Number.isFinite).sort((a, b) => a - b);
  if (!seen.length) return '<div class="nodata">No time points.</div>';
  // Rows come from `summarize ... by bin(...)`, which has no row for an empty bin: when the points sit on the
  // run's bins, draw every bin of the time range, zero where there is no row, as a chart of counts should read.
  let xs = seen;
  let step = seen.length > 1 ? Math.min(...seen.slice(1).map((x, i) => x - seen[i])) : 0;
  if (axis && axis.grainMs > 0 && seen.every((x) => x % axis.grainMs === 0)) {
    step = axis.grainMs;
    const first = Math.min(seen[0], Math.floor(axis.start / step) * step);
    const last = Math.max(seen[seen.length - 1], Math.ceil(axis.end / step) * step - step);
    if ((last - first) / step <= 5000) xs = Array.from({ length: Math.round((last - first) / step) + 1 }, (_, i) => first + i * step);
  }
  const minX = xs[0];
  const maxX = xs[xs.length - 1];
  const span = Math.max(maxX - minX, 1);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const names = [...series.keys()];
  let maxY = 0;
  if (kind === 'bar') for (const x of xs) maxY = Math.max(maxY, names.reduce((s, n) => s + (series.get(n)!.get(x) ?? 0), 0));
  else for (const m of series.values()) for (const v of m.values()) maxY = Math.max(maxY, v);
  const axisY = valueAxis(maxY, allIntegers(series));
  maxY = axisY.max;
  const colors = seriesColors(cols.series, names);
  const px = (x: number) => PAD.left + (xs.length === 1 ? plotW / 2 : ((x - minX) / span) * plotW);
  const py = (y: number) => PAD.top + plotH - (y / maxY) * plotH;
  const parts: string[] = [yAxis(axisY, cols.y?.length === 1 ? cols.y[0] : undefined)];
  parts.push(`<text class="axis-label" x="${PAD.left + plotW / 2}" y="${H - 8}" text-anchor="middle">${escapeHtml(cols.x && cols.x !== 'TimeGenerated' ? `${cols.x} (UTC)` : 'Time (UTC)')}</text>`);
  const ticks = Math.min(6, xs.length);
  for (let i = 0; i < ticks; i++) {
    const x = xs[Math.round((i * (xs.length - 1)) / Math.max(ticks - 1, 1))];
    const anchor = ticks > 1 && i === 0 ? 'start' : ticks > 1 && i === ticks - 1 ? 'end' : 'middle';
    parts.push(`<text x="${px(x)}" y="${H - PAD.bottom + 16}" text-anchor="${anchor}">${escapeHtml(timeLabel(x, span))}</text>`);
  }
  if (kind === 'bar') {
    const bw = Math.max(2, Math.min(40, ((step || span) / span) * plotW * 0.8 || plotW / 4));
    for (const x of xs) {
      let acc = 0;
      names.forEach((n) => {
        const v = series.get(n)!.get(x) ?? 0;
        if (v <= 0) return;
        parts.push(`<rect x="${(px(x) - bw / 2).toFixed(1)}" y="${py(acc + v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(py(acc) - py(acc + v)).toFixed(1)}" fill="${colors.get(n)!.hex}"><title>${escapeHtml(`${n} ${new Date(x).toISOString()}: ${formatNumber(v)}`)}</title></rect>`);
        acc += v;
      });
    }
  } else {
    names.forEach((n) => {
      const points = xs.map((x) => `${px(x).toFixed(1)},${py(series.get(n)!.get(x) ?? 0).toFixed(1)}`);
      parts.push(`<polyline fill="none" stroke="${colors.get(n)!.hex}" stroke-width="2" points="${points.join(' ')}"><title>${escapeHtml(n)}</title></polyline>`);
    });
  }
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${kind === 'bar' ? 'bar chart' : 'time chart'}">${parts.join('')}</svg>${legend(names, colors)}`;
}

export function renderBarChart(data: Rows, cols: VisualizationColumns, axis?: TimeAxis): string {
  const xi = columnIndex(data, cols.x);
  if (xi >= 0 && data.columns[xi].type === 'datetime') return renderTimeChart(data, cols, 'bar', axis);
  const series = seriesOf(data, cols, (v) => formatCell(v) || '(empty)');
  const names = [...series.keys()];
  const cats = [...new Set(data.rows.map((r) => formatCell(r[xi]) || '(empty)'))].slice(0, 25);
  const totals = cats.map((c) => names.reduce((s, n) => s + (series.get(n)!.get(c) ?? 0), 0));
  const maxV = valueAxis(Math.max(0, ...totals), totals.every(Number.isInteger)).max;
  const colors = seriesColors(cols.series, names);
  const rowH = 22;
  const labelW = 200;
  // Room after the longest bar for its total, so the label is never cut off at the chart's edge.
  const valueW = 12 + 7 * Math.max(...totals.map((t) => formatNumber(t).length), 1);
  const plotW = BAR_W - labelW - valueW;
  const h = cats.length * rowH + 8 + 20;
  const parts: string[] = [];
  cats.forEach((c, r) => {
    const y = 4 + r * rowH;
    parts.push(`<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(c.length > 32 ? `${c.slice(0, 31)}…` : c)}<title>${escapeHtml(c)}</title></text>`);
    let acc = 0;
    names.forEach((n) => {
      const v = series.get(n)!.get(c) ?? 0;
      if (v <= 0) return;
      const x = labelW + (acc / maxV) * plotW;
      const w = (v / maxV) * plotW;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(w, 1).toFixed(1)}" height="${rowH - 6}" fill="${colors.get(n)!.hex}"><title>${escapeHtml(`${c}: ${formatNumber(v)}`)}</title></rect>`);
      acc += v;
    });
    parts.push(`<text x="${(labelW + (acc / maxV) * plotW + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(formatNumber(totals[r]))}</text>`);
  });
  if (cols.y?.length === 1) parts.push(`<text class="axis-label" x="${labelW + plotW / 2}" y="${h - 6}" text-anchor="middle">${escapeHtml(cols.y[0]!)}</text>`);
  return `<svg class="chart" viewBox="0 0 ${BAR_W} ${h}" role="img" aria-label="bar chart">${parts.join('')}</svg>${names.length > 1 ? legend(names, colors) : ''}`;
}

export function renderPieChart(data: Rows, cols: VisualizationColumns): string {
  const xi = columnIndex(data, cols.x);
  const yi = columnIndex(data, cols.y?.[0]);
  const slices = new Map<string, number>();
  for (const row of data.rows) {
    const k = formatCell(row[xi]) || '(empty)';
    slices.set(k, (slices.get(k) ?? 0) + Math.max(0, num(row[yi])));
  }
  const entries = [...slices.entries()].sort((a, b) => b[1] - a[1]);
  if (entries.length > MAX_SERIES) {
    const rest = entries.splice(MAX_SERIES - 1).reduce((s, [, v]) => s + v, 0);
    entries.push(['Other', rest]);
  }
  const total = entries.reduce((s, [, v]) => s + v, 0);
  if (total <= 0) return '<div class="nodata">Nothing to chart.</div>';
  const colors = seriesColors(cols.x, entries.map(([name]) => name));
  const r = 90;
  const c = 100;
  const parts: string[] = [];
  let angle = -Math.PI / 2;
  entries.forEach(([name, v]) => {
    const color = colors.get(name)!.hex;
    const title = `<title>${escapeHtml(`${name}: ${formatNumber(v)}`)}</title>`;
    if (v >= total) { parts.push(`<circle cx="${c}" cy="${c}" r="${r}" fill="${color}">${title}</circle>`); return; }
    const a2 = angle + (v / total) * 2 * Math.PI;
    const large = a2 - angle > Math.PI ? 1 : 0;
    const p = (a: number) => `${(c + r * Math.cos(a)).toFixed(2)} ${(c + r * Math.sin(a)).toFixed(2)}`;
    parts.push(`<path d="M ${c} ${c} L ${p(angle)} A ${r} ${r} 0 ${large} 1 ${p(a2)} Z" fill="${color}">${title}</path>`);
    angle = a2;
  });
  const rows = entries.map(([name, v]) =>
    `<tr><td><i style="background:${colors.get(name)!.hex}"></i>${escapeHtml(name)}</td><td class="num">${escapeHtml(formatNumber(v))}</td><td class="num">${((100 * v) / total).toFixed(1)}%</td></tr>`);
  return `<div class="pie"><svg class="chart pie" viewBox="0 0 200 200" role="img" aria-label="pie chart">${parts.join('')}</svg><table class="pielegend">${rows.join('')}</table></div>`;
}

export function renderTiles(data: Rows, cols: VisualizationColumns): string {
  const ti = columnIndex(data, cols.x);
  const vi = columnIndex(data, cols.y?.[0]);
  const si = columnIndex(data, cols.subtitle);
  return `<div class="tiles">${data.rows.map((row) => `<div class="tile"><div class="tile-title">${escapeHtml(formatCell(row[ti]))}</div><div class="tile-value">${escapeHtml(formatCell(row[vi], data.columns[vi]?.type))}</div>${si >= 0 ? `<div class="tile-sub">${escapeHtml(formatCell(row[si]))}</div>` : ''}</div>`).join('')}</div>`;
}

export function renderTable(data: Rows, cols: VisualizationColumns): string {
  const order = (cols.show?.length ? cols.show : data.columns.map((c) => c.name))
    .map((n) => columnIndex(data, n)).filter((i) => i >= 0);
  const shown = data.rows.slice(0, MAX_TABLE_ROWS);
  const head = order.map((i) => `<th>${escapeHtml(data.columns[i].name)}</th>`).join('');
  const body = shown.map((row) => `<tr>${order.map((i) => {
    const t = data.columns[i].type;
    const numeric = ['int', 'long', 'real', 'decimal'].includes(t);
    const cls = numeric ? ' class="num"' : t === 'datetime' ? ' class="dt"' : '';
    return `<td${cls}>${escapeHtml(formatCell(row[i], t))}</td>`;
  }).join('')}</tr>`).join('');
  const more = data.rows.length > shown.length ? `<div class="more">${data.rows.length - shown.length} more rows not shown.</div>` : '';
  return `<div class="grid"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`;
}
