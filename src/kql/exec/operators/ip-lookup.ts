/**
 * evaluate ipv4_lookup / ipv6_lookup: each input row joined to the lookup rows whose address matches its own (the
 * shorter of the two prefixes decides, as ipv4_is_match / ipv6_is_match) and whose extra keys are equal; every
 * match makes a row. With return_unmatched, an input row without a match is kept with nulls for the lookup's
 * columns; without it, such a row is dropped. Null or invalid addresses never match.
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { pairedTable } from './lookup-rows.ts';
import { compareIpv4, parseIpv4 } from '../../functions/ip/ipv4.ts';
import { compareIpv6, parseIpv6 } from '../../functions/ip/ipv6.ts';
import { valueKey } from '../../functions/common/values.ts';

export function executeIpLookup(plan: Extract<Plan, { op: 'iplookup' }>, input: Table, lookup: Table): Table {
  const parse = plan.v6 ? parseIpv6 : parseIpv4;
  const matches = plan.v6
    ? (a: unknown, b: unknown) => compareIpv6(a as never, b as never) === 0
    : (a: unknown, b: unknown) => compareIpv4(a as never, b as never) === 0;
  const keys = lookup.data[plan.key]!.map((v) => parse(v));
  const extraKey = (t: Table, i: number, side: 0 | 1) => plan.extra.map((pair) => valueKey(t.data[pair[side]]![i])).join('\u0000');
  const lookupExtra = Array.from({ length: lookup.rowCount }, (_, j) => extraKey(lookup, j, 1));
  const pairs: [number, number | null][] = [];
  for (let i = 0; i < input.rowCount; i++) {
    const ip = parse(input.data[plan.source]![i]);
    const extra = plan.extra.length ? extraKey(input, i, 0) : '';
    let found = false;
    if (ip) {
      for (let j = 0; j < lookup.rowCount; j++) {
        const k = keys[j];
        if (!k || (plan.extra.length && lookupExtra[j] !== extra) || !matches(ip, k)) continue;
        pairs.push([i, j]);
        found = true;
      }
    }
    if (!found && plan.unmatched) pairs.push([i, null]);
  }
  return pairedTable(plan, input, lookup, pairs);
}
