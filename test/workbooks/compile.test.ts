import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import {
  compileWorkbook, loadWorkbooks, parseWorkbookSource, serializeWorkbook, validateGalleryTemplate,
  validateMetadataEntries, buildMetadataEntry, type GalleryTemplate,
} from '../../src/workbooks/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const MINIMAL = `id: 11111111-2222-4333-8444-555555555555
title: Minimal
description: A minimal workbook.
version: 1.0.0
metadata:
  workbookKey: MinimalWorkbook
  logoFileName: logo.svg
  subtitle: ''
  provider: Community
  dataTypesDependencies: [AzureDiagnostics]
  dataConnectorsDependencies: [AzureKeyVault]
  previewImagesFileNames: [MinimalBlack.png, MinimalWhite.png]
parameters:
  - name: TimeRange
    type: timeRange
    default: 1d
  - name: Workspace
    type: workspace
steps:
  - id: heading
    text: "## Hello"
  - id: by-op
    query: |
      AzureDiagnostics
      | where TimeGenerated {TimeRange}
      | summarize Events = count() by OperationName
    visualization: piechart
    columns: { x: OperationName, y: Events }
`;

describe('workbook sources compile to gallery templates', () => {
  it('loads every workbook in workbooks/ without problems', () => {
    const r = loadWorkbooks(resolve(ROOT, 'workbooks'), { relativeTo: ROOT });
    expect(r.problems).toEqual([]);
    expect(r.workbooks.map((w) => w.source.key)).toEqual(
      expect.arrayContaining(['managed-hsm-security-overview', 'managed-hsm-detection-health']),
    );
    for (const w of r.workbooks) {
      expect(w.template.version).toBe('Notebook/1.0');
      expect(w.template.fromTemplateId).toMatch(/^sentinel-[A-Za-z0-9]+$/);
      expect(w.json).not.toMatch(/subscriptions\/[0-9a-f]{8}-/i);
      expect(JSON.parse(w.json)).toEqual(w.template);
    }
    const overview = r.workbooks.find((w) => w.source.key === 'managed-hsm-security-overview')!.template;
    const activity = overview.items.find((i) => i.name === 'activity-by-category')!.content as Record<string, unknown>;
    const integerCounts = { min: 0, numberFormatSettings: { unit: 0, options: { style: 'decimal', useGrouping: true, maximumFractionDigits: 0 } } };
    expect(activity.chartSettings).toMatchObject({ xAxis: 'TimeGenerated', yAxis: ['Events'], group: 'OperationCategory', createOtherGroup: 0, showLegend: true, ySettings: integerCounts });
    expect((activity.chartSettings as { seriesLabelSettings: unknown[] }).seriesLabelSettings).toContainEqual({ seriesName: 'KeyManagement', color: 'blue' });
    // A series of a known value set has its fixed colour in every chart.
    const network = overview.items.find((i) => i.name === 'network-access')!.content as { chartSettings: { seriesLabelSettings: { seriesName: string; color: string }[] } };
    expect(network.chartSettings.seriesLabelSettings).toContainEqual({ seriesName: 'Public internet', color: 'redBright' });
    const tiles = overview.items.find((i) => i.name === 'summary-tiles')!.content as { tileSettings: Record<string, { columnMatch: string }> };
    expect(tiles.tileSettings.titleContent.columnMatch).toBe('Metric');
    expect(tiles.tileSettings.leftContent.columnMatch).toBe('Value');
  });

  it('names steps after their source ids and derives stable parameter ids', () => {
    const { source } = parseWorkbookSource(MINIMAL, 'minimal.yaml');
    expect(source).toBeDefined();
    const t = compileWorkbook(source!);
    expect(t.items.map((i) => i.name)).toEqual(['parameters', 'heading', 'by-op']);
    const query = t.items[2].content as Record<string, unknown>;
    expect(query).toMatchObject({
      version: 'KqlItem/1.0', visualization: 'piechart', queryType: 0, timeContextFromParameter: 'TimeRange',
      crossComponentResources: ['{Workspace}'], chartSettings: { xAxis: 'OperationName', yAxis: ['Events'], showLegend: true },
    });
    expect(serializeWorkbook(compileWorkbook(parseWorkbookSource(MINIMAL, 'minimal.yaml').source!))).toBe(serializeWorkbook(t));
    const params = (t.items[0].content as { parameters: { id: string; name: string }[] }).parameters;
    expect(params.map((p) => p.name)).toEqual(['TimeRange', 'Workspace']);
    expect(new Set(params.map((p) => p.id)).size).toBe(2);
  });

  it('reports source problems at file:line:col', () => {
    const bad = MINIMAL
      .replace('  - id: by-op\n', '  - id: heading\n')
      .replace('{TimeRange}', '{TimeRange} and {Hsm}')
      .replace('columns: { x: OperationName, y: Events }', 'colums: { x: OperationName }');
    const r = parseWorkbookSource(bad, 'bad.yaml');
    expect(r.source).toBeUndefined();
    const lines = bad.split('\n');
    const byCode = Object.fromEntries(r.problems.map((p) => [p.code, p]));
    expect(byCode.WB001.message).toMatch(/unknown field "colums"/);
    expect(lines[byCode.WB001.line - 1].slice(byCode.WB001.column - 1)).toMatch(/^colums/);
    expect(byCode.WB006.message).toMatch(/step id "heading" is used twice/);
    expect(lines[byCode.WB006.line - 1]).toMatch(/id: heading/);
  });

  it('reports an undeclared parameter and a visualization without its columns', () => {
    const bad = MINIMAL
      .replace('{TimeRange}', '{TimeRange} and HsmName in ({Hsm})')
      .replace('columns: { x: OperationName, y: Events }', 'columns: { x: OperationName }');
    const r = parseWorkbookSource(bad, 'bad.yaml');
    const ref = r.problems.find((p) => p.code === 'WB004')!;
    expect(ref.message).toMatch(/\{Hsm\}/);
    expect(bad.split('\n')[ref.line - 1].slice(ref.column - 1)).toBe('{Hsm})');
    expect(r.problems.find((p) => p.code === 'WB007')?.message).toMatch(/piechart step needs columns.x .* and one columns.y/);
  });

  it('reports YAML syntax errors with their position and never throws', () => {
    const r = parseWorkbookSource('title: [unclosed\nsteps: 1\n', 'broken.yaml');
    expect(r.source).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ file: 'broken.yaml', code: 'WB000', severity: 'error' });
    expect(r.problems[0].line).toBeGreaterThanOrEqual(1);
  });
});

describe('gallery checks as the upstream CIs run them', () => {
  const base = (): GalleryTemplate => compileWorkbook(parseWorkbookSource(MINIMAL, 'minimal.yaml').source!);
  const codes = (t: GalleryTemplate) => validateGalleryTemplate(t, { file: 'x.json' }).map((p) => p.code);

  it('accepts the compiled template', () => {
    expect(codes(base())).toEqual([]);
  });
  it('rejects the portal default fromTemplateId', () => {
    expect(codes({ ...base(), fromTemplateId: 'sentinel-UserWorkbook' })).toEqual(['WB102']);
  });
  it('rejects hard-coded subscription ids and fallbackResourceIds', () => {
    const t = base() as GalleryTemplate & Record<string, unknown>;
    t.fallbackResourceIds = ['/subscriptions/5c038d14-3833-463f-a492-de956f63f12a/resourceGroups/rg'];
    expect(codes(t).sort()).toEqual(['WB103', 'WB104']);
  });
  it('rejects duplicate step names, also inside groups', () => {
    const t = base();
    t.items.push({ type: 12, name: 'group', content: { version: 'NotebookGroup/1.0', groupType: 'editable', items: [{ type: 1, name: 'heading', content: { json: 'x' } }] } });
    expect(codes(t)).toEqual(['WB108']);
  });
  it('rejects duplicate parameter names', () => {
    const t = base();
    const params = (t.items[0].content as { parameters: Record<string, unknown>[] }).parameters;
    params.push({ ...params[0], id: 'another-id' });
    expect(codes(t)).toEqual(['WB107']);
  });
});

describe('WorkbooksMetadata entries', () => {
  const source = parseWorkbookSource(MINIMAL, 'minimal.yaml').source!;
  it('builds an entry that passes the metadata schema', () => {
    const entry = buildMetadataEntry(source);
    expect(entry).toMatchObject({ workbookKey: 'MinimalWorkbook', templateRelativePath: 'Minimal.json', version: '1.0.0', title: 'Minimal' });
    expect(validateMetadataEntries([{ entry, file: 'minimal.yaml' }])).toEqual([]);
  });
  it('needs a dark and a light .png preview and unique keys', () => {
    const entry = { ...buildMetadataEntry(source), previewImagesFileNames: ['MinimalBlack.jpg'] };
    const problems = validateMetadataEntries([{ entry, file: 'a.yaml' }, { entry: buildMetadataEntry(source), file: 'b.yaml' }]);
    expect(problems.map((p) => p.code).sort()).toEqual(['WB112', 'WB113', 'WB114']);
  });
  it('warns at previewImagesFileNames when the named images are not in images/, and not once they are', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'wb-images-'));
    try {
      const dir = join(root, 'workbooks');
      mkdirSync(dir);
      writeFileSync(join(dir, 'minimal.yaml'), MINIMAL);
      const missing = loadWorkbooks(dir).problems.filter((p) => p.code === 'WB115');
      expect(missing).toHaveLength(1);
      expect(missing[0]).toMatchObject({ severity: 'warning', line: 12, column: 3 });
      expect(missing[0].message).toContain('MinimalBlack.png, MinimalWhite.png');
      expect(missing[0].message).toContain('--images');
      mkdirSync(join(dir, 'images'));
      writeFileSync(join(dir, 'images/MinimalBlack.png'), '');
      expect(loadWorkbooks(dir).problems.find((p) => p.code === 'WB115')?.message).toMatch(/image MinimalWhite\.png not in/);
      writeFileSync(join(dir, 'images/MinimalWhite.png'), '');
      expect(loadWorkbooks(dir).problems.filter((p) => p.code === 'WB115')).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the ${packRules} macro', () => {
  it('expands to the pack rules in the compiled JSON, and warns when compiled without them', async () => {
    const { buildWorkbook, loadPackRules } = await import('../../src/workbooks/index.ts');
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(resolve(ROOT, 'workbooks/managed-hsm-detection-health.yaml'), 'utf8');
    const source = parseWorkbookSource(text, 'workbooks/managed-hsm-detection-health.yaml').source!;
    const rules = loadPackRules(ROOT);
    expect(rules.length).toBeGreaterThanOrEqual(3);
    const withRules = buildWorkbook(source, { packRules: rules });
    expect(withRules.problems).toEqual([]);
    expect(withRules.workbook.json).not.toContain('${packRules}');
    for (const r of rules) expect(withRules.workbook.json).toContain(r.id.toLowerCase());
    const without = buildWorkbook(source);
    expect(without.problems.map((p) => p.code)).toEqual(['WB009']);
  });
});

describe('every parameter type and step option compiles to the gallery shape', () => {
  const text = MINIMAL.replace('parameters:\n', `parameters:
  - name: Subscription
    type: subscription
    multiSelect: true
    includeAll: true
  - name: Tab
    type: dropdown
    choices: [overview, details]
  - name: Filter
    type: text
    default: contoso
    hidden: true
`).replace('  - id: heading\n    text: "## Hello"\n', `  - id: heading
    text: "## Hello"
    style: info
    width: 50
    visibleWhen: { parameter: Tab, equals: details }
`);
  it('compiles pickers, dropdowns, text boxes, widths and conditional visibility', () => {
    const parsed = parseWorkbookSource(text, 'all.yaml');
    expect(parsed.problems).toEqual([]);
    const t = compileWorkbook(parsed.source!);
    const params = (t.items[0].content as { parameters: Record<string, unknown>[] }).parameters;
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    expect(byName.Subscription).toMatchObject({ type: 6, multiSelect: true, queryType: 1, value: ['value::all'], typeSettings: { additionalResourceOptions: ['value::all'] } });
    expect(byName.Workspace).toMatchObject({ type: 5, crossComponentResources: ['{Subscription}'] });
    expect(String(byName.Workspace.query)).toContain("in ({Subscription})");
    expect(byName.Tab).toMatchObject({ type: 2, jsonData: JSON.stringify([{ value: 'overview', label: 'overview' }, { value: 'details', label: 'details' }]) });
    expect(byName.Filter).toMatchObject({ type: 1, value: 'contoso', isRequired: false, isHiddenWhenLocked: true });
    expect(byName.TimeRange).toMatchObject({ type: 4, value: { durationMs: 86_400_000 } });
    const heading = t.items.find((i) => i.name === 'heading')!;
    expect(heading).toMatchObject({
      type: 1, content: { json: '## Hello', style: 'info' }, customWidth: '50',
      conditionalVisibility: { parameterName: 'Tab', comparison: 'isEqualTo', value: 'details' },
    });
    expect(validateGalleryTemplate(t, { file: 'all.yaml' })).toEqual([]);
  });
});

describe('Managed HSM built-in role names', () => {
  it('are the ones the role-change rule maps, so a workbook and an alert name a role alike', async () => {
    const { readFileSync } = await import('node:fs');
    const { MANAGED_HSM_BUILT_IN_ROLES } = await import('../../src/content/managed-hsm-roles.ts');
    const rule = readFileSync(resolve(import.meta.dirname, '../../detections/privileged-access/role-assignment-change.yaml'), 'utf8');
    const mapped = [...rule.matchAll(/RoleId == "([0-9a-f-]{36})", "([^"]+)"/g)].map((m) => ({ id: m[1], name: m[2] }));
    expect(mapped).toEqual([...MANAGED_HSM_BUILT_IN_ROLES]);
  });
});
