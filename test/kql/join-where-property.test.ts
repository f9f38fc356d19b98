/**
 * join ... where against a nested-loop reference over random tables: every kind, with and without a key equality.
 * And `where $left.k == $right.k` must give what `on k` gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, type TableSchema } from '../../src/kql/index.ts';
import { unordered } from './helpers.ts';

const L: TableSchema = { name: 'L', columns: [{ name: 'k', type: 'string' }, { name: 'a', type: 'long' }] };
const R: TableSchema = { name: 'R', columns: [{ name: 'k', type: 'string' }, { name: 'b', type: 'long' }] };
type LRow = { k: string; a: number | null };
type RRow = { k: string; b: number | null };

const lRow = fc.record({ k: fc.constantFrom('p', 'q', ''), a: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }) });
const rRow = fc.record({ k: fc.constantFrom('p', 'r', ''), b: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }) });
const KINDS = ['inner', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'leftanti', 'rightsemi', 'rightanti'] as const;
type Kind = (typeof KINDS)[number];

/** The rows Kusto's join semantics give for a pair predicate, computed pair by pair. */
function reference(kind: Kind, left: LRow[], right: RRow[], meets: (l: LRow, r: RRow) => boolean): unknown[][] {
  const pairs: [number, number][] = [];
  left.forEach((l, i) => right.forEach((r, j) => { if (meets(l, r)) pairs.push([i, j]); }));
  const leftHit = new Set(pairs.map(([i]) => i));
  const rightHit = new Set(pairs.map(([, j]) => j));
  const both = (l: LRow | null, r: RRow | null) => [l?.k ?? '', l?.a ?? null, r?.k ?? '', r?.b ?? null];
  switch (kind) {
    case 'leftsemi': case 'leftanti':
      return left.filter((_, i) => leftHit.has(i) === (kind === 'leftsemi')).map((l) => [l.k, l.a]);
    case 'rightsemi': case 'rightanti':
      return right.filter((_, j) => rightHit.has(j) === (kind === 'rightsemi')).map((r) => [r.k, r.b]);
    default: {
      const rows = pairs.map(([i, j]) => both(left[i]!, right[j]!));
      if (kind === 'leftouter' || kind === 'fullouter') left.forEach((l, i) => { if (!leftHit.has(i)) rows.push(both(l, null)); });
      if (kind === 'rightouter' || kind === 'fullouter') right.forEach((r, j) => { if (!rightHit.has(j)) rows.push(both(null, r)); });
      return rows;
    }
  }
}

const lessThan = (x: number | null, y: number | null) => x !== null && y !== null && x < y;

describe('join ... where, against a reference', () => {
  const engine = createEngine({ tables: [L, R] });
  const runOn = (left: LRow[], right: RRow[], q: string) =>
    engine.run(q, createDatabase([{ schema: L, rows: left }, { schema: R, rows: right }])).rows;

  it('with a key equality and a comparison', () => {
    fc.assert(fc.property(fc.array(lRow, { maxLength: 6 }), fc.array(rRow, { maxLength: 6 }), fc.constantFrom(...KINDS), (left, right, kind) => {
      const rows = runOn(left, right, `L | join kind=${kind} R where $left.k == $right.k and $left.a < $right.b`);
      expect(unordered(rows)).toEqual(unordered(reference(kind, left, right, (l, r) => l.k === r.k && lessThan(l.a, r.b))));
    }), { numRuns: 150 });
  });

  it('without a key equality (every pair compared)', () => {
    fc.assert(fc.property(fc.array(lRow, { maxLength: 6 }), fc.array(rRow, { maxLength: 6 }), fc.constantFrom(...KINDS), (left, right, kind) => {
      const rows = runOn(left, right, `L | join kind=${kind} R where $left.a < $right.b or $left.k == "q"`);
      expect(unordered(rows)).toEqual(unordered(reference(kind, left, right, (l, r) => lessThan(l.a, r.b) || l.k === 'q')));
    }), { numRuns: 150 });
  });

  it('where $left.k == $right.k is the same join as on k, innerunique included', () => {
    fc.assert(fc.property(fc.array(lRow, { maxLength: 6 }), fc.array(rRow, { maxLength: 6 }), fc.constantFrom('innerunique', ...KINDS), (left, right, kind) => {
      const on = runOn(left, right, `L | join kind=${kind} R on k`);
      const where = runOn(left, right, `L | join kind=${kind} R where $left.k == $right.k`);
      expect(unordered(where)).toEqual(unordered(on));
    }), { numRuns: 100 });
  });
});
