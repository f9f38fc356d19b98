import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

function io(cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {}, isTTY: false };
  return { io: value, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'samples-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('content samples', () => {
  it('generate writes one JSON-lines file per table of the baseline', async () => {
    const c = io();
    expect(await main(['samples', 'generate', '--out', join(dir, 'b'), '--days', '1', '--history', '0', '--seed', '11'], c.io)).toBe(0);
    expect(readdirSync(join(dir, 'b')).sort()).toEqual(['AZKVAuditLogs.jsonl', 'AzureActivity.jsonl', 'AzureDiagnostics.jsonl', 'SigninLogs.jsonl', 'ThreatIntelligenceIndicator.jsonl']);
    const first = JSON.parse(readFileSync(join(dir, 'b', 'AzureDiagnostics.jsonl'), 'utf8').split('\n')[0]!);
    expect(first.ResourceType).toBe('MANAGEDHSMS');
    expect(c.out.join('')).toMatch(/baseline 2026-11-09T00:00:00.000Z \.\. 2026-11-10T00:00:00.000Z/);
  });

  it('generate --rows writes a bulk volume', async () => {
    const c = io();
    expect(await main(['samples', 'generate', '--out', join(dir, 'v'), '--rows', '250'], c.io)).toBe(0);
    expect(readFileSync(join(dir, 'v', 'AzureDiagnostics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(250);
  });

  it('scenarios writes every area', async () => {
    const c = io();
    expect(await main(['samples', 'scenarios', '--out', join(dir, 's')], c.io)).toBe(0);
    expect(readdirSync(join(dir, 's')).sort()).toContain('security-domain');
    expect(readdirSync(join(dir, 's', 'security-domain')).sort()).toEqual(['AZKVAuditLogs.jsonl', 'AzureDiagnostics.jsonl', 'README.md']);
  });

  it('bad options are usage errors (exit 2) with a one-line message', async () => {
    const c = io();
    expect(await main(['samples', 'generate', '--out', join(dir, 'x'), '--days', 'three'], c.io)).toBe(2);
    expect(c.err.join('')).toBe('content: --days must be an integer >= 1 (got three)\n');
    const d = io();
    expect(await main(['samples', 'generate', '--out', join(dir, 'x'), '--start', 'soon'], d.io)).toBe(2);
    expect(d.err.join('')).toMatch(/--start/);
  });
});
