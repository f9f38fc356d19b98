/**
 * scan partition by K over random rows gives, for each key, what scan gives over that key's rows alone (the
 * documented `partition by K (scan ...)` form), match ids included; scan order by gives what sort then scan gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, type TableSchema } from '../../src/kql/index.ts';

const S: TableSchema = { name: 'S', columns: [{ name: 'g', type: 'string' }, { name: 't', type: 'long' }, { name: 'x', type: 'long' }] };
const row = fc.record({ g: fc.constantFrom('a', 'b', ''), t: fc.integer({ min: 0, max: 20 }), x: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }) });
// the clause order is fixed: with_match_id, order by, partition by, declare, with
const STEPS = 'declare (acc:long=0, t0:long) with (step s1: x > 0 => acc = s1.acc + x, t0 = iff(isnull(s1.t0), t, s1.t0); step s2: x < 0 and t - s1.t0 <= 5 => acc = s1.acc;)';

describe('scan partition by / order by, against the plain scan', () => {
  const engine = createEngine({ tables: [S] });

  it('partition by is a scan per key', () => {
    fc.assert(fc.property(fc.array(row, { maxLength: 14 }), (rows) => {
      const db = createDatabase([{ schema: S, rows }]);
      const partitioned = engine.run(`S | scan with_match_id=m partition by g ${STEPS}`, db).rows;
      for (const g of ['a', 'b', '']) {
        const alone = engine.run(`S | where g == "${g}" | scan with_match_id=m ${STEPS}`, db).rows;
        expect(partitioned.filter((r) => r[0] === g)).toEqual(alone);
      }
    }), { numRuns: 150 });
  });

  it('order by is sort, then scan', () => {
    fc.assert(fc.property(fc.array(row, { maxLength: 14 }), fc.constantFrom('asc', 'desc'), (rows, dir) => {
      const db = createDatabase([{ schema: S, rows }]);
      // t then x make the order total up to equal rows, which scan cannot tell apart
      const keys = `t ${dir}, x ${dir}, g ${dir}`;
      expect(engine.run(`S | scan with_match_id=m order by ${keys} ${STEPS}`, db).rows)
        .toEqual(engine.run(`S | sort by ${keys} | scan with_match_id=m ${STEPS}`, db).rows);
    }), { numRuns: 100 });
  });
});
