/**
 * Property test: every registered scalar function, called with arbitrary values of its argument types (nulls,
 * junk strings, NaN and infinities, huge longs, arrays and bags where dynamic), returns a value and never throws.
 * Aggregates get the same treatment for add/result/merge.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './harness.ts';
import { loadKusto, toArray } from '../../../src/kql/kusto.ts';
import { lookupAggregate, lookupScalar, type CallSite } from '../../../src/kql/functions/registry.ts';

const TYPES = ['bool', 'int', 'long', 'real', 'string', 'datetime', 'timespan', 'guid', 'dynamic', 'unknown'] as const;

const junkString = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '1.2.3.4', '10.0.0.0/8', '::1', '2024-01-01T00:00:00Z', '01:00:00', '(?P<x>a)', '[', '{"a":[1]}', '<a>b</a>', 'POINT (1 2)', '862a1072fffffff', '89c259'),
);

const dynamicValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  junkString,
  fc.array(fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.string()), { maxLength: 6 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.constant(null), fc.integer(), fc.string()), { maxKeys: 3 }),
);

/** Values as the engine passes them for a column of the given type (see src/kql/values/README.md). */
function valueOf(type: string): fc.Arbitrary<unknown> {
  const orNull = (a: fc.Arbitrary<unknown>) => fc.oneof(fc.constant(null), a);
  switch (type) {
    case 'bool': return orNull(fc.boolean());
    case 'int': return orNull(fc.integer());
    case 'long': return orNull(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })));
    case 'real': return orNull(fc.double());
    case 'datetime': case 'timespan': return orNull(fc.double({ min: -3e18, max: 3e18, noNaN: true }));
    case 'string': return junkString;
    case 'guid': return orNull(fc.uuid());
    default: return dynamicValue;
  }
}

function site(argTypes: string[], resultType: string): CallSite {
  return { argTypes: argTypes as CallSite['argTypes'], resultType: resultType as CallSite['resultType'], constants: [], now: 0, name: 'fuzz' };
}

function arity(sym: { Signatures: unknown }): [number, number] {
  const sigs = toArray<{ MinArgumentCount: number; MaxArgumentCount: number }>(sym.Signatures);
  const min = Math.min(...sigs.map((s) => s.MinArgumentCount));
  const max = Math.min(8, Math.max(...sigs.map((s) => s.MaxArgumentCount)));
  return [min, Math.max(min, max)];
}

describe('built-ins never throw on data', () => {
  const G = loadKusto().Kusto.Language.GlobalState.Default;
  // assert() fails the query by design (at compile time, from its constant arguments): not a function of data
  const scalars = (G.Functions as { Name: string; Signatures: unknown }[]).filter((s) => lookupScalar(s) && s.Name !== 'assert');
  const aggregates = (G.Aggregates as { Name: string; Signatures: unknown }[]).filter((s) => lookupAggregate(s));

  it(`${scalars.length} scalar functions`, () => {
    expect(scalars.length).toBeGreaterThan(250);
    for (const sym of scalars) {
      const [min, max] = arity(sym);
      const factory = lookupScalar(sym)!;
      fc.assert(
        fc.property(
          fc.integer({ min, max })
            .chain((n) => fc.array(fc.constantFrom(...TYPES), { minLength: n, maxLength: n }))
            .chain((types) => fc.tuple(fc.constant(types), fc.tuple(...types.map(valueOf)), fc.constantFrom(...TYPES))),
          ([types, values, resultType]) => {
            const fn = factory(site(types, resultType));
            try {
              fn(...values);
            } catch (e) {
              throw new Error(`${sym.Name}(${values.map((v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))).join(', ')}) threw: ${(e as Error).message}`);
            }
          },
        ),
        { numRuns: 40, seed: 20261120 },
      );
    }
  });

  it(`${aggregates.length} aggregates`, () => {
    for (const sym of aggregates) {
      const [min, max] = arity(sym);
      const impl = lookupAggregate(sym)!;
      fc.assert(
        fc.property(
          fc.integer({ min, max })
            .chain((n) => fc.array(fc.constantFrom(...TYPES), { minLength: n, maxLength: n }))
            .chain((types) => fc.tuple(fc.constant(types), fc.array(fc.tuple(...types.map(valueOf)), { maxLength: 6 }))),
          ([types, rows]) => {
            const s = site(types, 'unknown');
            let a = impl.init(s);
            let b = impl.init(s);
            rows.forEach((r, i) => {
              if (i % 2) a = impl.add(a, r, s);
              else b = impl.add(b, r, s);
            });
            impl.result(impl.merge ? impl.merge(a, b, s) : a, s);
          },
        ),
        { numRuns: 40, seed: 20261120 },
      );
    }
  });
});
