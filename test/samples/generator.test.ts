import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSchemaDirectory } from '../../src/kql/index.ts';
import { SCENARIOS, generateBaseline, generateVolume, scenarioTables, toJsonLines } from '../../src/samples/index.ts';

const schemas = new Map(loadSchemaDirectory('schemas/tables').map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

function unknownColumns(table: string, rows: Record<string, unknown>[]): string[] {
  const known = schemas.get(table);
  if (!known) return [`no schema for table ${table}`];
  const bad = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (!known.has(k)) bad.add(k);
  return [...bad];
}

describe('generateBaseline', () => {
  const baseline = generateBaseline({ days: 2, historyDays: 1 });

  it('is deterministic for a seed and changes with the seed', () => {
    const again = generateBaseline({ days: 2, historyDays: 1 });
    expect(JSON.stringify(again.tables)).toBe(JSON.stringify(baseline.tables));
    const other = generateBaseline({ days: 2, historyDays: 1, seed: 7 });
    expect(JSON.stringify(other.tables.AzureDiagnostics)).not.toBe(JSON.stringify(baseline.tables.AzureDiagnostics));
  });

  it('covers the measured window plus history, in time order', () => {
    expect(baseline.from.toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(baseline.to.toISOString()).toBe('2026-11-11T00:00:00.000Z');
    const times = baseline.tables.AzureDiagnostics!.map((r) => String(r.TimeGenerated));
    expect(times[0]! < '2026-11-09').toBe(true); // one day of history
    expect(times.at(-1)! < '2026-11-11').toBe(true);
    expect([...times].sort()).toEqual(times);
  });

  it('writes only columns the table schemas know', () => {
    for (const [table, rows] of Object.entries(baseline.tables)) expect(unknownColumns(table, rows), table).toEqual([]);
  });

  it('holds the usual benign traffic: challenge 401s, nightly backups, automation identities', () => {
    const rows = baseline.tables.AzureDiagnostics!;
    expect(rows.filter((r) => r.OperationName === 'Authentication' && r.httpStatusCode_d === 401).length).toBeGreaterThan(10);
    const backups = rows.filter((r) => r.OperationName === 'BackupCreate');
    expect(backups.length).toBe(3); // one per night on the production HSM
    expect(backups.every((r) => String(r.TimeGenerated).slice(11, 13) === '01')).toBe(true);
    expect(rows.some((r) => r.identity_claim_xms_mirid_s !== '')).toBe(true);
    // The DR HSM logs to the resource-specific table.
    expect(baseline.tables.AZKVAuditLogs!.every((r) => String(r._ResourceId).endsWith('/contoso-mhsm-dr'))).toBe(true);
  });

  it('rejects an unreadable start', () => {
    expect(() => generateBaseline({ start: 'yesterday' })).toThrow(/start/);
  });
});

describe('generateVolume', () => {
  it('produces the requested number of rows in the requested shape', () => {
    const v = generateVolume({ rows: 500, table: 'AZKVAuditLogs', seed: 3 });
    expect(v.AZKVAuditLogs).toHaveLength(500);
    expect(unknownColumns('AZKVAuditLogs', v.AZKVAuditLogs!)).toEqual([]);
    expect(JSON.stringify(generateVolume({ rows: 50, seed: 3 }))).toBe(JSON.stringify(generateVolume({ rows: 50, seed: 3 })));
  });
});

describe('scenarios', () => {
  it('committed sample files are what src/samples/scenarios generates (run `content samples scenarios`)', () => {
    for (const s of SCENARIOS) {
      for (const [table, rows] of Object.entries(scenarioTables(s))) {
        const file = `samples/scenarios/${s.area}/${table}.jsonl`;
        expect(readFileSync(file, 'utf8'), file).toBe(toJsonLines(rows));
      }
    }
  });

  it('use only columns the table schemas know', () => {
    for (const s of SCENARIOS) {
      for (const [table, rows] of Object.entries(scenarioTables(s))) expect(unknownColumns(table, rows), `${s.area}/${table}`).toEqual([]);
    }
  });

  it('use documentation and private addresses only', () => {
    const allowed = /^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|10\.|2001:db8:)/;
    for (const s of SCENARIOS) {
      for (const e of s.hsm ?? []) expect(e.ip, `${s.area} ${e.time}`).toMatch(allowed);
      for (const e of s.activity ?? []) expect(e.ip).toMatch(allowed);
      for (const e of s.signins ?? []) expect(e.ip).toMatch(allowed);
    }
  });
});
