/**
 * `content lint --target defender`: per rule, whether it can be a Defender XDR custom detection (info) and, when not,
 * each reason as a warning at the field it is about; the same verdicts as `content build --targets defender`.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

const FIXTURE = join(import.meta.dirname, '../deploy/fixtures/pack');
const dir = mkdtempSync(join(tmpdir(), 'lint-defender-'));
cpSync(FIXTURE, dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A rule with suppression and a `lt` trigger: neither has a custom detection equivalent. */
writeFileSync(join(dir, 'detections/security-domain/quiet-hsm.yaml'), `id: 0b7f3c2a-9d41-4e6b-8a15-3c2d1e0f9a77
name: Managed HSM fewer audit events than expected
description: Fewer than 3 audit events from a Managed HSM in a day.
severity: Low
requiredDataConnectors: []
queryFrequency: 1d
queryPeriod: 1d
triggerOperator: lt
triggerThreshold: 3
tactics: [DefenseEvasion]
relevantTechniques: [T1562]
query: |
  MHSMAudit
  | project TimeGenerated, Caller
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: Caller
suppressionEnabled: true
suppressionDuration: 1d
version: 1.0.0
kind: Scheduled
`);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, env: {}, isTTY: false };
  return { code: await main(args, io), out, err };
}

describe('content lint --target defender', () => {
  it('says per rule whether it can be a custom detection, each reason at its field', async () => {
    const r = await run(['lint', '--target', 'defender', '--no-replay', '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const found = (JSON.parse(r.out).problems as { file: string; line: number; code: string; severity: string; message: string }[])
      .filter((p) => p.code.startsWith('defender-'))
      .map((p) => `${p.file.split('/').pop()}:${p.line} ${p.severity} ${p.code} ${p.message.replace('cannot be a Defender XDR custom detection: ', '')}`);
    expect(found).toEqual([
      'quiet-hsm.yaml:8 warning defender-not-eligible trigger lt 3 can fire on an empty result, which raises no custom detection alert',
      'quiet-hsm.yaml:20 warning defender-not-eligible suppression has no custom detection equivalent',
      'role-assignment-nrt.yaml:18 warning defender-not-eligible NRT: a custom detection runs continuously only over Defender XDR tables such as DeviceProcessEvents, not AzureDiagnostics; as a scheduled rule (queryFrequency 5m or more) it can be one',
      'security-domain-download.yaml:61 info defender-eligible can be a Defender XDR custom detection (content deploy --targets defender)',
    ]);
  }, 120_000);

  it('reports nothing about Defender without the flag, and refuses an unknown target', async () => {
    const plain = await run(['lint', '--no-replay', '--format', 'json']);
    expect((JSON.parse(plain.out).problems as { code: string }[]).filter((p) => p.code.startsWith('defender-'))).toEqual([]);
    const bad = await run(['lint', '--target', 'defendr']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--target takes defender \(sentinel is always checked\), not 'defendr'/);
  }, 120_000);
});
