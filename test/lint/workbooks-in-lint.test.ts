import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const ROOT = resolve(import.meta.dirname, '../..');

async function lint(cwd: string, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['lint', '--no-replay', ...args], { stdout: (t) => { out += t; }, stderr: () => {}, cwd, env: {}, isTTY: false });
  return { code, out };
}

describe('content lint covers workbooks', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'lint-workbooks-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('lints the pack workbooks with the rules, clean', async () => {
    const { code, out } = await lint(ROOT, ['workbooks', '--format', 'json']);
    const report = JSON.parse(out);
    expect(report.files).toEqual(['workbooks/managed-hsm-detection-health.yaml', 'workbooks/managed-hsm-posture.yaml', 'workbooks/managed-hsm-security-overview.yaml']);
    expect(report.counts.errors).toBe(0);
    expect(code).toBe(0);
  });

  it('reports an unknown column in a workbook query at its line in the YAML file', async () => {
    symlinkSync(join(ROOT, 'schemas'), join(tmp, 'schemas'));
    symlinkSync(join(ROOT, 'detections'), join(tmp, 'detections'));
    mkdirSync(join(tmp, 'workbooks'));
    const source = readFileSync(join(ROOT, 'workbooks/managed-hsm-security-overview.yaml'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('| where isnotempty(SubscriptionId)'));
    expect(line).toBeGreaterThan(0);
    source[line] = source[line]!.replace('SubscriptionId', 'SubscriptionIdentifier');
    writeFileSync(join(tmp, 'workbooks/overview.yaml'), source.join('\n'));
    cpSync(join(ROOT, 'workbooks/managed-hsm-detection-health.yaml'), join(tmp, 'workbooks/health.yaml'));

    const { code, out } = await lint(tmp, ['workbooks']);
    const column = source[line]!.indexOf('SubscriptionIdentifier') + 1;
    expect(out).toContain(`workbooks/overview.yaml:${line + 1}:${column}`);
    expect(out).toMatch(/KS142/);
    expect(code).toBe(1);
  });
});
