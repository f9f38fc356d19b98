import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASELINE_PRACTICES, buildCoverage, coverageLinks, renderCoverageMarkdown, toNavigatorLayer } from '../../src/coverage/index.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {}, isTTY: false };
  return { io, out, err };
}

function rule(id: string, name: string, practice: string | undefined, techniques: string[]): string {
  return [
    `id: ${id}`, `name: ${name}`, 'description: test rule', 'severity: Medium', 'kind: Scheduled',
    'requiredDataConnectors: []', 'queryFrequency: 1h', 'queryPeriod: 1h', 'triggerOperator: gt', 'triggerThreshold: 0',
    'tactics: [Impact]', `relevantTechniques: [${techniques.join(', ')}]`, 'query: |', '  AzureActivity | take 1',
    'entityMappings:', '  - entityType: IP', '    fieldMappings:', '      - identifier: Address', '        columnName: CallerIpAddress',
    'version: 1.0.0', ...(practice ? ['metadata:', `  baselinePractice: ${practice}`] : []),
  ].join('\n') + '\n';
}
const TESTS = 'noiseBudget: { alertsPerDay: 0.5 }\ncases:\n  - { name: p, kind: positive, now: 2026-11-20T12:00:00Z, expect: { alerts: 1 } }\n  - { name: n, kind: negative, now: 2026-11-20T12:00:00Z, expect: { alerts: 0 } }\n';

const root = mkdtempSync(join(tmpdir(), 'coverage-'));
function put(file: string, text: string) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}
put('detections/a/tested.yaml', rule('11111111-1111-4111-8111-111111111111', 'Tested rule', 'security-domain', ['T1485']));
put('detections/a/tested.test.yaml', TESTS);
put('detections/a/untested.yaml', rule('22222222-2222-4222-8222-222222222222', 'Untested rule', '[backup-recovery, posture]', ['T1485', 'T1490']));
put('detections/a/unmapped.yaml', rule('33333333-3333-4333-8333-333333333333', 'Unmapped rule', undefined, []));
put('detections/a/unknown.yaml', rule('44444444-4444-4444-8444-444444444444', 'Unknown practice rule', 'crypto-magic', []));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildCoverage', () => {
  const report = buildCoverage(root);

  it('maps rules to their practices, with test case counts and noise budgets', () => {
    const sd = report.practices.find((p) => p.id === 'security-domain')!;
    expect(sd.rules.map((r) => r.name)).toEqual(['Tested rule']);
    expect(sd.rules[0]).toMatchObject({ testFile: 'detections/a/tested.test.yaml', positiveCases: 1, negativeCases: 1, noiseBudget: 0.5 });
    expect(sd.covered).toBe(true);
  });

  it('a practice with only untested rules is not covered; a rule may serve several practices', () => {
    const backup = report.practices.find((p) => p.id === 'backup-recovery')!;
    const posture = report.practices.find((p) => p.id === 'posture')!;
    expect(backup.rules.map((r) => r.name)).toEqual(['Untested rule']);
    expect(posture.rules.map((r) => r.name)).toEqual(['Untested rule']);
    expect(backup.covered).toBe(false);
    expect(report.practices.find((p) => p.id === 'network-security')!.covered).toBe(false);
  });

  it('reports rules without tests, without a practice, or with an unknown one', () => {
    const codes = report.problems.map((p) => `${p.file} ${p.code}`).sort();
    expect(codes).toEqual([
      'detections/a/unknown.yaml coverage-unknown-practice',
      'detections/a/unknown.yaml coverage-untested',
      'detections/a/unmapped.yaml coverage-no-practice',
      'detections/a/unmapped.yaml coverage-untested',
      'detections/a/untested.yaml coverage-untested',
    ]);
    const unknown = report.problems.find((p) => p.code === 'coverage-unknown-practice')!;
    expect(unknown.line).toBeGreaterThan(1);
    expect(unknown.message).toMatch(/"crypto-magic".*security-domain/);
  });

  it('renders a Markdown table with every practice and the uncovered ones marked', () => {
    const md = renderCoverageMarkdown(report);
    for (const p of BASELINE_PRACTICES) expect(md).toContain(`| [${p.title}](#${p.id}) |`);
    expect(md).toMatch(/\| \[Security domain\]\(#security-domain\) \| 1 \| 1 \/ 1 \| - \| T1485 \| 1 \| detection and state check \|/);
    expect(md).toMatch(/\| \[Network security\]\(#network-security\) \| 0 \| 0 \/ 0 \| - \| - \| 3 \| state check \|/);
    expect(md).toMatch(/\| \[Identity and access management\]\(#identity\) \| 0 \| 0 \/ 0 \| - \| - \| 0 \| \*\*nothing\*\* \|/);
    expect(md).toContain('| `purge-protection-enabled` Purge protection enabled | properties.enablePurgeProtection is true. | resource | `posture-recovery` |');
  });

  it('says for each practice whether a detection, a state check, or both cover it', () => {
    const by = Object.fromEntries(report.practices.map((p) => [p.id, p.coveredBy]));
    expect(by).toMatchObject({ 'security-domain': 'both', 'network-security': 'state-check', identity: 'none', 'backup-recovery': 'state-check' });
  });

  it('builds a Navigator layer scored by the number of rules per technique', () => {
    const layer = toNavigatorLayer(report.rules);
    expect(layer.versions.layer).toBe('4.5');
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.techniques.map((t) => [t.techniqueID, t.score])).toEqual([['T1485', 2], ['T1490', 1]]);
    expect(layer.techniques[0]!.comment).toBe('Tested rule; Untested rule');
    expect(layer.gradient.maxValue).toBe(2);
  });
});

describe('content coverage', () => {
  it('exits 1 when practices are uncovered and writes JSON and a Navigator layer', async () => {
    const c = capture(root);
    expect(await main(['coverage', '--format', 'json', '--navigator', 'out/layer.json'], c.io)).toBe(1);
    const json = JSON.parse(c.out.join(''));
    expect(json.practices).toHaveLength(BASELINE_PRACTICES.length);
    expect(c.err.join('')).toMatch(/practice "Network security" has no rule with positive and negative tests/);
    expect(JSON.parse(readFileSync(join(root, 'out/layer.json'), 'utf8')).techniques).toHaveLength(2);
  });

  it('rejects an unknown format', async () => {
    const c = capture(root);
    expect(await main(['coverage', '--format', 'xml'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--format must be markdown or json/);
  });

  it('covers every practice of the baseline in this repository', () => {
    const report = buildCoverage(process.cwd());
    expect(report.practices.filter((p) => !p.covered).map((p) => p.id)).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.rules.length).toBeGreaterThanOrEqual(30);
  });
});

describe('docs/baseline-coverage.md', () => {
  it('is up to date (run content coverage --output docs/baseline-coverage.md)', () => {
    const root = process.cwd();
    const text = renderCoverageMarkdown(buildCoverage(root), coverageLinks(root, join(root, 'docs')));
    expect(readFileSync('docs/baseline-coverage.md', 'utf8')).toBe(text);
  });
});
