/**
 * The fuzz grammar: random queries over two typed tables (F with every scalar type, G a small lookup) and random
 * rows for them. Used by the fuzz property test (a few hundred queries in `npm test`) and by `npm run fuzz`
 * (seeded, any number of queries, not part of `npm test`).
 */
import fc from 'fast-check';
import type { TableSchema } from '../../../src/kql/index.ts';

export const F: TableSchema = {
  name: 'F',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 's', type: 'string' },
    { name: 'k', type: 'string' },
    { name: 'n', type: 'long' },
    { name: 'x', type: 'real' },
    { name: 'b', type: 'bool' },
    { name: 'd', type: 'dynamic' },
    { name: 'ts', type: 'timespan' },
  ],
};
export const G: TableSchema = { name: 'G', columns: [{ name: 'k', type: 'string' }, { name: 'v', type: 'long' }] };

const word = fc.constantFrom('', 'a', 'Key', 'key delete', 'KeyDelete', '10.0.0.1', 'x-y', 'ÄÖ', 'null', '42');
export const row = fc.record({
  TimeGenerated: fc.option(fc.integer({ min: 0, max: 86_400 * 3 }).map((s) => new Date(Date.UTC(2026, 10, 20) + s * 1000).toISOString()), { nil: null }),
  s: word,
  k: fc.constantFrom('p', 'q', 'r', ''),
  n: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  x: fc.option(fc.oneof(fc.double({ noNaN: false }), fc.constant(0.5)), { nil: null }),
  b: fc.option(fc.boolean(), { nil: null }),
  d: fc.option(fc.oneof(fc.constant([]), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), fc.record({ a: fc.integer(), t: word })), { nil: null }),
  ts: fc.option(fc.integer({ min: -100, max: 100 }).map((m) => `${m < 0 ? '-' : ''}00:${String(Math.abs(m) % 60).padStart(2, '0')}:00`), { nil: null }),
});
export const gRow = fc.record({ k: fc.constantFrom('p', 'q', 's', ''), v: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }) });

const column = fc.constantFrom('s', 'k', 'n', 'x', 'b', 'd', 'ts', 'TimeGenerated');
const literal = fc.constantFrom('1', '0', '-2', '2.5', '"key"', '""', 'true', 'int(null)', 'datetime(2026-11-21)', '1h', 'dynamic([1,2])', 'dynamic({"a":1})', 'real(null)', '9223372036854775807');
const scalar: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    column,
    literal,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', 'and', 'or', 'has', '!has', 'contains', 'startswith', '=~', 'hasprefix', 'matches regex'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), fc.constantFrom('in', '!in', 'in~', 'has_any')).map(([a, op]) => `(${a} ${op} ("key", "p", 1))`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `iff(${a}, ${b}, ${c})`),
    fc.tuple(fc.constantFrom('tostring', 'isnull', 'isempty', 'strlen', 'tolong', 'todouble', 'array_length', 'not', 'erf', 'erfc', 'treepath', 'parse_csv', 'todynamic', 'bag_keys', 'array_sort_asc', 'series_stats_dynamic', 'hash', 'base64_encode_tostring', 'tohex', 'gettype', 'sqrt', 'log', 'round'), tie('e')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `around(${a}, ${b}, 1)`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `beta_cdf(${a}, 2.0, ${b})`),
    fc.tuple(tie('e'), fc.constantFrom('"Europe/Paris"', '"US/Pacific"', '"Nowhere"', 's')).map(([a, z]) => `datetime_utc_to_local(todatetime(${a}), ${z})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `strcat(${a}, "-", ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `coalesce(${a}, ${b})`),
    fc.tuple(tie('e')).map(([a]) => `${a}.a`),
    fc.tuple(tie('e'), fc.integer({ min: -1, max: 2 })).map(([a, i]) => `${a}[${i}]`),
    fc.constantFrom('bin(TimeGenerated, 1h)', 'bin(n, 2)', 'now()', 'ago(1d)', 'x between (0.0 .. 1.0)'),
  ),
})).e;

const operator = fc.oneof(
  scalar.map((e) => `where ${e}`),
  scalar.map((e) => `extend c = ${e}`),
  fc.subarray(['s', 'k', 'n', 'x', 'd', 'TimeGenerated'], { minLength: 1 }).map((cols) => `project ${cols.join(', ')}`),
  fc.tuple(fc.constantFrom('count()', 'sum(n)', 'max(x)', 'dcount(s)', 'make_set(s)', 'avg(n)', 'arg_max(n, *)', 'countif(b)', 'make_list(d)'), fc.constantFrom('', ' by k', ' by bin(TimeGenerated, 1h)', ' by k, n'))
    .map(([a, by]) => `summarize ${a}${by}`),
  fc.tuple(column, fc.constantFrom('asc', 'desc'), fc.constantFrom('', ' nulls first', ' nulls last')).map(([c, o, nl]) => `sort by ${c} ${o}${nl}`),
  fc.integer({ min: 0, max: 5 }).map((k) => `take ${k}`),
  fc.integer({ min: 0, max: 3 }).map((k) => `top ${k} by n`),
  fc.constantFrom('distinct k', 'count', 'mv-expand d', 'mv-expand e = d to typeof(long)', 'serialize rn = row_number()',
    'join kind=inner G on k', 'join kind=leftouter G on k', 'join G on k', 'join kind=leftanti G on k', 'join kind=fullouter G on k',
    'lookup G on k', 'union G', 'union (G | project k)', 'parse s with a "e" rest', 'parse-where s with * "y" tail',
    'make-series c = count() on TimeGenerated from datetime(2026-11-20) to datetime(2026-11-23) step 1d by k',
    'project-away s', 'project-rename z = k', 'getschema', 'extend z = toscalar(G | count)',
    'make-series c = count() on TimeGenerated step 1d', 'make-series c = avg(x) on TimeGenerated in range(datetime(2026-11-20), datetime(2026-11-22), 12h) by k',
    'union isfuzzy=true G, (Missing | project k)', 'union withsource=T *', 'evaluate pivot(k)', 'evaluate pivot(k, sum(n))',
    'evaluate bag_unpack(d, "p_")', 'evaluate bag_unpack(d, columnsConflict="keep_source")', 'extend (a1, a2) = array_sort_desc(d, d)',
    'summarize h = hll(s), t = tdigest(n) | project dcount_hll(h), percentile_tdigest(t, 50)', 'summarize buildschema(d)',
    'extend sz = estimate_data_size(*)', 'extend ty = Type, r = _ResourceId, bs = _BilledSize', 'mv-apply d on (summarize m = max(todouble(d)))',
    'extend w = welch_test(n, 1.0, 10, x, 2.0, 12)', 'summarize arg_min(x, *) by k', 'extend nb = next(n)', 'sort by n | extend p = prev(s)'),
);

export const query = fc.array(operator, { minLength: 1, maxLength: 5 }).map((ops) => ['F', ...ops].join(' | '));

