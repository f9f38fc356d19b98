/** binary_all_and, binary_all_or, binary_all_xor: bitwise reductions of the non-null longs of a group. */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { longResult } from '../common/values.ts';

function make(op: (a: bigint, b: bigint) => bigint): AggregateImpl<bigint | null> {
  const fold = (s: bigint | null, v: bigint) => (s === null ? v : BigInt.asIntN(64, op(s, v)));
  return {
    init: () => null,
    add: (s, args) => {
      const v = args[0];
      if (typeof v === 'bigint') return fold(s, v);
      if (typeof v === 'number' && Number.isFinite(v)) return fold(s, BigInt(Math.trunc(v)));
      return s;
    },
    result: (s) => (s === null ? null : longResult(s)),
    merge: (a, b) => (b === null ? a : fold(a, b)),
  };
}

defineAggregate((A) => A.BinaryAllAnd, make((a, b) => a & b));
defineAggregate((A) => A.BinaryAllOr, make((a, b) => a | b));
defineAggregate((A) => A.BinaryAllXor, make((a, b) => a ^ b));
