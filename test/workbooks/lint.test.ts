import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildWorkbook, lintWorkbooks, loadPackRules, parseWorkbookSource, projectBindingContext, type BindingContext,
  type CompiledWorkbook,
} from '../../src/workbooks/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OVERVIEW = 'workbooks/managed-hsm-security-overview.yaml';

let ctx: BindingContext;
beforeAll(() => { ctx = projectBindingContext(ROOT); }, 300_000);

function compiled(text: string, file = 'wb.yaml'): CompiledWorkbook {
  const parsed = parseWorkbookSource(text, file);
  expect(parsed.problems).toEqual([]);
  return buildWorkbook(parsed.source!, { packRules: loadPackRules(ROOT) }).workbook;
}

function lint(text: string) {
  return lintWorkbooks({ root: ROOT, workbooks: [compiled(text)], tables: ctx.tables, functions: ctx.functions });
}

describe('workbook KQL lint', () => {
  it('the shipped workbooks lint clean with the project schemas and parser', () => {
    expect(ctx.functions.map((f) => f.name)).toContain('ManagedHsmAudit');
    const problems = lintWorkbooks({ root: ROOT, tables: ctx.tables, functions: ctx.functions });
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`)).toEqual([]);
  }, 300_000);

  it('maps an unknown column back to its line and column in the YAML', () => {
    const text = readFileSync(resolve(ROOT, OVERVIEW), 'utf8').replace(
      '| summarize Events = count() by OperationCategory\n', '| summarize Events = count() by OperationCategry\n',
    );
    const problems = lint(text);
    expect(problems).toHaveLength(1);
    const p = problems[0];
    expect(p).toMatchObject({ code: 'KS142', severity: 'error' });
    expect(p.message).toMatch(/step operations-by-category: .*OperationCategry/);
    expect(text.split('\n')[p.line - 1].slice(p.column - 1)).toBe('OperationCategry');
  });

  it('maps positions after a substituted parameter correctly', () => {
    // The stand-in for {TimeRange} is much longer than the reference: the error after it must still point right.
    const text = readFileSync(resolve(ROOT, OVERVIEW), 'utf8').replace(
      "| where TimeGenerated {TimeRange}\n      | where isnotempty(SubscriptionId)",
      '| where TimeGenerated {TimeRange} and Bogus == 1\n      | where isnotempty(SubscriptionId)',
    );
    const [p] = lint(text);
    expect(p.message).toMatch(/parameter Subscription: .*Bogus/);
    expect(text.split('\n')[p.line - 1].slice(p.column - 1)).toBe('Bogus == 1');
  });

  it('reports a visualization column the query does not return', () => {
    const text = readFileSync(resolve(ROOT, OVERVIEW), 'utf8').replace(
      'columns: { x: CallerIpAddress, y: Failures }', 'columns: { x: CallerIp, y: Failures }',
    );
    const problems = lint(text);
    expect(problems.map((p) => p.code)).toEqual(['WB202']);
    expect(problems[0].message).toMatch(/step top-failing-addresses: its visualization reads "CallerIp", but the query returns CallerIpAddress, Failures/);
  });

  it('binds the ${packRules} macro as a datatable of the pack rules', () => {
    const text = readFileSync(resolve(ROOT, 'workbooks/managed-hsm-detection-health.yaml'), 'utf8').replace(
      '| project RuleName, Severity, Practice, Tactics', '| project RuleName, Severity, Practice, Tactic',
    );
    const problems = lint(text);
    expect(problems.map((p) => p.code)).toEqual(['KS142']);
    expect(problems[0].message).toMatch(/step silent-rules: .*Tactic/);
  });
});
