import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { parseWorkbookSource, renderMarkdown, substituteParameters } from '../../src/workbooks/index.ts';
import { grainFor } from '../../src/workbooks/parameters.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', cwd: ROOT, env: {}, isTTY: false } as CliIO & { out: string; err: string };
  o.stdout = (t) => { o.out += t; };
  o.stderr = (t) => { o.err += t; };
  return o;
}

describe('markdown of text steps', () => {
  it('renders headings, emphasis, code, lists and tables', () => {
    const html = renderMarkdown('## Title\nSome **bold** and `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<td>1</td><td>2</td>');
  });
  it('escapes markup and keeps only http(s) links', () => {
    const html = renderMarkdown('<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://learn.microsoft.com/)');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<a href="https://learn.microsoft.com/" rel="noopener noreferrer">ok</a>');
  });
});

describe('parameter stand-ins', () => {
  const { source } = parseWorkbookSource(readFileSync(join(ROOT, 'workbooks/managed-hsm-security-overview.yaml'), 'utf8'), 'x.yaml');
  const range = { start: new Date('2026-11-18T00:00:00Z'), end: new Date('2026-11-19T00:00:00Z') };

  it('expands time ranges and quoted multi-select lists, and maps offsets back', () => {
    const text = "T | where TimeGenerated {TimeRange} | where HsmName in~ ({Hsm}) | summarize by bin(TimeGenerated, {TimeRange:grain}) | where X";
    const s = substituteParameters(text, source!.parameters, { timeRange: range, values: { Hsm: ["a'b", 'c'] } });
    expect(s.text).toBe("T | where TimeGenerated between (datetime(2026-11-18T00:00:00.000Z) .. datetime(2026-11-19T00:00:00.000Z)) | where HsmName in~ ('a\\'b','c') | summarize by bin(TimeGenerated, 15m) | where X");
    expect(s.toOriginal(s.text.lastIndexOf('X'))).toBe(text.lastIndexOf('X'));
    expect(s.toOriginal(s.text.indexOf('datetime(2026-11-19'))).toBe(text.indexOf('{TimeRange}'));
    expect(s.unknown).toEqual([]);
  });
  it('uses "All" for dropdowns by default and reports unknown references', () => {
    const s = substituteParameters('{Hsm} {Nope}', source!.parameters, { timeRange: range });
    expect(s.text).toBe("'*' {Nope}");
    expect(s.unknown.map((u) => u.name)).toEqual(['Nope']);
  });
  it('picks a grain of about a hundred points', () => {
    expect(grainFor({ start: new Date(0), end: new Date(3_600_000) })).toBe('1m');
    expect(grainFor({ start: new Date(0), end: new Date(7 * 86_400_000) })).toBe('4h');
    expect(grainFor({ start: new Date(0), end: new Date(90 * 86_400_000) })).toBe('1d');
  });
});

describe('content preview workbook', () => {
  it('writes a self-contained page and exits 0 when every query runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-preview-'));
    try {
      const out = join(dir, 'health.html');
      const o = io();
      const code = await main(['preview', 'workbook', 'managed-hsm-detection-health', '--data', 'samples/workbooks', '--data',
        'samples/scenarios/security-domain', '--skip-table', 'AZKVAuditLogs', '--param', 'Severity=High,Low', '--out', out], o);
      expect(o.err).toBe('');
      expect(code).toBe(0);
      expect(o.out).toMatch(/wrote .*health\.html: Managed HSM detection health, 8 query steps \(8 with rows, 0 failed\)/);
      const html = readFileSync(out, 'utf8');
      expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
      expect(html).not.toMatch(/<script|<link|src="http|@import/i);
      expect(html).toContain('Alert severity: <b>High, Low</b>');
      // The severity filter applies: of the 11 pack alerts in the samples, 2 are High (and none Low).
      expect(html).toContain('<div class="tile-title">Alerts</div><div class="tile-value">2</div>');
      expect(html).toContain('<div class="tile-title">Rules that fired</div><div class="tile-value">1</div>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('exits 2 with a clear message for an unknown workbook or bad options', async () => {
    let o = io();
    expect(await main(['preview', 'workbook', 'no-such-workbook'], o)).toBe(2);
    expect(o.err).toMatch(/no workbook named no-such-workbook in workbooks \(known: .*managed-hsm-security-overview/);
    o = io();
    expect(await main(['preview', 'workbook', 'managed-hsm-detection-health', '--from', '2026-11-01'], o)).toBe(2);
    expect(o.err).toMatch(/give both --from and --to/);
    o = io();
    expect(await main(['preview', 'workbook', 'managed-hsm-detection-health', '--data', 'no/such/dir'], o)).toBe(2);
    expect(o.err).toMatch(/cannot read the data directory .*no\/such\/dir/);
    expect(existsSync(join(ROOT, 'managed-hsm-detection-health.html'))).toBe(false);
  });
});

describe('preview of a workbook with errors', () => {
  it('refuses to render and lists the problems at file:line:col', async () => {
    const { previewWorkbook, PreviewError } = await import('../../src/workbooks/index.ts');
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'wb-bad-'));
    try {
      mkdirSync(join(dir, 'workbooks'));
      writeFileSync(join(dir, 'workbooks/bad.yaml'), 'id: not-a-guid\ntitle: Bad\n');
      let error: unknown;
      try { previewWorkbook({ root: dir, name: 'workbooks/bad.yaml', dataDirs: [join(ROOT, 'samples/workbooks')] }); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(PreviewError);
      expect((error as InstanceType<typeof PreviewError>).code).toBe('WORKBOOK_INVALID');
      expect((error as Error).message).toMatch(/workbooks\/bad\.yaml:1:5 WB001 id: does not match the expected format/);
      expect((error as Error).message).toMatch(/missing required field "steps"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('charts read well', () => {
  it('gives counts whole-number ticks from zero', async () => {
    const { valueAxis } = await import('../../src/workbooks/preview/charts.ts');
    expect(valueAxis(3, true)).toEqual({ max: 3, step: 1 });
    expect(valueAxis(27, true)).toEqual({ max: 30, step: 10 });
    expect(valueAxis(0, true)).toEqual({ max: 1, step: 1 });
    expect(valueAxis(0.9, false)).toEqual({ max: 1, step: 0.2 });
  });

  it('colours a series the same whatever else is charted, and known value sets by their meaning', async () => {
    const { seriesColors } = await import('../../src/workbooks/series-colors.ts');
    const a = seriesColors('OperationCategory', ['KeyManagement', 'RoleManagement']);
    const b = seriesColors('OperationCategory', ['SecurityDomain', 'KeyManagement', 'BackupRestore']);
    expect(b.get('KeyManagement')).toEqual(a.get('KeyManagement'));
    expect(new Set([...b.values()].map((c) => c.hex)).size).toBe(3);
    // Names of no known set: by name, whatever the order of the rows.
    const x = seriesColors('Caller', ['bob@contoso.com', 'alice@contoso.com', 'svc-backup']);
    const y = seriesColors('Caller', ['svc-backup', 'alice@contoso.com', 'bob@contoso.com']);
    expect([...y.entries()].sort()).toEqual([...x.entries()].sort());
    expect(new Set([...x.values()].map((c) => c.hex)).size).toBe(3);
    const sev = seriesColors('AlertSeverity', ['Low', 'High']);
    expect(sev.get('High')).toEqual({ workbook: 'redBright', hex: '#d13438' });
    expect(seriesColors('AlertSeverity', ['High']).get('High')).toEqual(sev.get('High'));
  });

  it('labels the axes and keeps dates in tables on one line', async () => {
    const { renderTimeChart, renderBarChart, renderTable } = await import('../../src/workbooks/preview/charts.ts');
    const data = { columns: [{ name: 'TimeGenerated', type: 'datetime' as const }, { name: 'Events', type: 'long' as const }], rows: [['2026-11-20T10:00:00Z', 2], ['2026-11-20T11:00:00Z', 3]] };
    const svg = renderTimeChart(data, { x: 'TimeGenerated', y: ['Events'] });
    expect(svg).toContain('>Events</text>');
    expect(svg).toContain('>Time (UTC)</text>');
    expect(svg).not.toMatch(/>0\.75<|>1\.5</);
    const bars = renderBarChart({ columns: [{ name: 'Ip', type: 'string' as const }, { name: 'Failures', type: 'long' as const }], rows: [['203.0.113.66', 123456]] }, { x: 'Ip', y: ['Failures'] });
    // The longest bar's total stays inside the view box.
    const width = Number(/viewBox="0 0 (\d+) /.exec(bars)![1]);
    const label = /<text x="([\d.]+)" y="[\d.]+">123,456<\/text>/.exec(bars)!;
    expect(Number(label[1]) + 7 * '123,456'.length).toBeLessThanOrEqual(width);
    expect(renderTable(data, {})).toContain('<td class="dt">2026-11-20 10:00:00</td>');
  });
});
