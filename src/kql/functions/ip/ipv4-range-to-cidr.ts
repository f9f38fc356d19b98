/**
 * ipv4_range_to_cidr_list(start, end): the shortest list of CIDR blocks that covers exactly the addresses from
 * start to end (both included), as strings `a.b.c.d/n`. Null for an invalid address or a start after the end.
 */
import { defineScalar } from '../registry.ts';
import { parseIpv4 } from './ipv4.ts';

const text = (a: number) => `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

export function rangeToCidrs(start: number, end: number): string[] {
  const out: string[] = [];
  let cur = start;
  while (cur <= end) {
    // the largest block aligned at cur that does not pass end
    let size = 1;
    let prefix = 32;
    while (prefix > 0 && cur % (size * 2) === 0 && cur + size * 2 - 1 <= end) {
      size *= 2;
      prefix--;
    }
    out.push(`${text(cur)}/${prefix}`);
    cur += size;
  }
  return out;
}

defineScalar((F) => F.Ipv4RangeToCidrList, () => (s: unknown, e: unknown) => {
  const a = parseIpv4(s);
  const b = parseIpv4(e);
  if (!a || !b || a.addr > b.addr) return null;
  return rangeToCidrs(a.addr, b.addr);
});
