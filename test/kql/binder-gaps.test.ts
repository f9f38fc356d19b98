/**
 * Constructs the KQL reference documents as valid that Kusto.Language's binder rejects (src/kql/frontend/
 * binder-gaps.ts): the engine runs them with the reference's semantics; other binder errors stay errors.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, Database, KqlError } from '../../src/kql/index.ts';

const engine = createEngine({ tables: [] });
const run = (q: string) => engine.run(q, new Database(), { now: '2026-01-01T00:00:00Z' });

describe('binder gaps', () => {
  it('count(expr) counts every row, nulls too, and is named count_<column> (summarize-operator, default values)', () => {
    const r = run('range x from 1 to 3 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize count(y), c = count(x)');
    expect(r.columns.map((c) => c.name)).toEqual(['count_y', 'c']);
    expect(r.rows).toEqual([[3, 3]]);
    expect(run('datatable(x:long)[] | summarize count(x)').rows).toEqual([[0]]);
  });
  it('make_timespan takes real seconds (make-timespan-function)', () => {
    expect(run('print t = make_timespan(1, 12, 30, 55.123)').rows).toEqual([['1.12:30:55.1230000']]);
    expect(run('print t = make_timespan(0, 0, 0.5)').rows).toEqual([['00:00:00.5000000']]);
  });
  it('bag_unpack ignoredProperties is a dynamic array (bag-unpack-plugin)', () => {
    const r = run(`datatable(d:dynamic)[dynamic({"Name": "John", "Age": 20, "Address": "A-1"})]
      | evaluate bag_unpack(d, ignoredProperties=dynamic(['Address', 'Age']))`);
    expect(r.columns.map((c) => c.name)).toEqual(['Name']);
    expect(r.rows).toEqual([['John']]);
  });
  it('other binder errors are still errors: countif(x) on a long, an unknown column', () => {
    for (const q of ['datatable(x:long)[1] | summarize countif(x)', 'print count(nosuchcolumn)', 'print make_timespan(1, 2, 3, 4, 5)', 'print make_timespan(1, "a", 1.5)']) {
      expect(() => run(q), q).toThrow(KqlError);
    }
  });
});
