/**
 * Columns made at run time by evaluate pivot and bag_unpack (the binder does not know them): column_ifexists finds
 * them, parse and join keep them. The shapes are those of Azure-Sentinel's Sysmon rules (Event's EventData as
 * name/value pairs, pivoted by name).
 */
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, type TableSchema } from '../../src/kql/index.ts';

const T: TableSchema = { name: 'T', columns: [{ name: 'k', type: 'string' }, { name: 'v', type: 'string' }, { name: 'g', type: 'string' }] };
const engine = createEngine({ tables: [T] });
const db = createDatabase([{ schema: T, rows: [
  { k: 'RuleName', v: 'technique_id=T1055,technique_name=Process Injection', g: 'h1' },
  { k: 'Image', v: 'C:\\Windows\\lsass.exe', g: 'h1' },
] }]);
const run = (q: string) => engine.run(q, db, { now: '2026-11-21T00:00:00Z' });

describe('run-time columns', () => {
  it('column_ifexists finds a pivoted column, and gives the default for one that is not there', () => {
    const r = run("T | evaluate pivot(k, take_any(v), g) | project g, r = column_ifexists('RuleName', ''), n = column_ifexists('Nope', 'none')");
    expect(r.rows).toEqual([['h1', 'technique_id=T1055,technique_name=Process Injection', 'none']]);
  });
  it('parse after pivot keeps the pivoted columns for later operators', () => {
    const r = run("T | evaluate pivot(k, take_any(v), g) | parse RuleName with * 'technique_id=' TechniqueId ',' * | project g, TechniqueId, Image");
    expect(r.rows).toEqual([['h1', 'T1055', 'C:\\Windows\\lsass.exe']]);
  });
  it('join after pivot: the binder\'s columns from both sides, the pivoted ones after them', () => {
    const r = run("T | evaluate pivot(k, take_any(v), g) | join kind=inner (T | where k == 'Image' | project g, k) on g | project g, k, Image");
    expect(r.rows).toEqual([['h1', 'Image', 'C:\\Windows\\lsass.exe']]);
  });
});
