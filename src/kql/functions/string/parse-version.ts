/**
 * parse_version("a.b.c.d"): a decimal comparable across versions: each of up to four parts (each 0..99,999,999)
 * padded to 8 digits, missing parts as 0. Invalid text gives null. Beyond 2^53 the value is a bigint.
 */
import { defineScalar } from '../registry.ts';
import { longResult } from '../common/values.ts';

defineScalar((F) => F.ParseVersion, () => (v: unknown) => {
  if (typeof v !== 'string') return null;
  const parts = v.trim().split('.');
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => !/^\d{1,8}$/.test(p))) return null;
  while (parts.length < 4) parts.push('0');
  return longResult(BigInt(parts.map((p) => p.padStart(8, '0')).join('')));
});
