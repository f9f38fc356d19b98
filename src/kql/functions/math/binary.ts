/** binary_and/or/xor/not, binary_shift_left/right (64-bit two's complement), bitset_count_ones. */
import { defineScalar } from '../registry.ts';
import { longResult, toNumber } from '../common/values.ts';

function asBig(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  const n = typeof v === 'string' ? null : toNumber(v);
  return n === null || !Number.isFinite(n) ? null : BigInt(Math.trunc(n));
}
const wrap = (b: bigint) => longResult(BigInt.asIntN(64, b));

function binary(op: (a: bigint, b: bigint) => bigint) {
  return () => (a: unknown, b: unknown) => {
    const x = asBig(a);
    const y = asBig(b);
    return x === null || y === null ? null : wrap(op(x, y));
  };
}
defineScalar((F) => F.BinaryAnd, binary((a, b) => a & b));
defineScalar((F) => F.BinaryOr, binary((a, b) => a | b));
defineScalar((F) => F.BinaryXor, binary((a, b) => a ^ b));
defineScalar((F) => F.BinaryShiftLeft, binary((a, b) => (b < 0n || b > 63n ? 0n : a << b)));
defineScalar((F) => F.BinaryShiftRight, binary((a, b) => (b < 0n || b > 63n ? 0n : BigInt.asIntN(64, a) >> b)));
defineScalar((F) => F.BinaryNot, () => (a: unknown) => {
  const x = asBig(a);
  return x === null ? null : wrap(~x);
});
defineScalar((F) => F.BitsetCountOnes, () => (a: unknown) => {
  const x = asBig(a);
  if (x === null) return null;
  let u = BigInt.asUintN(64, x);
  let n = 0;
  while (u) {
    n += Number(u & 1n);
    u >>= 1n;
  }
  return n;
});
