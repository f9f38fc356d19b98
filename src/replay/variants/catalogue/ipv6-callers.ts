import type { Variant } from '../model.ts';
import { addressOf, CALLER_TABLES, withAddress } from '../records.ts';
import { changed, mapRows } from '../transform.ts';

const PRIVATE = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^127\./, /^169\.254\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

/** A public IPv4 address as an address of the IPv6 documentation range: 203.0.113.66 → 2001:db8::cb00:7142. */
export function toIpv6(v4: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v4);
  if (!m || PRIVATE.some((p) => p.test(v4))) return undefined;
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  return `2001:db8::${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

const TI_ADDRESS_COLUMNS = ['NetworkIP', 'NetworkSourceIP', 'NetworkDestinationIP', 'EmailSourceIpAddress'];

export const ipv6Callers: Variant = {
  id: 'ipv6-callers',
  kind: 'shape',
  title: 'callers from public addresses connect over IPv6 (each public IPv4 address mapped to one IPv6 address)',
  models: 'Azure services accept IPv6 clients; CallerIpAddress then holds an IPv6 address, which IPv4-only functions (ipv4_is_private, ipv4_is_in_range) do not parse',
  source: 'https://learn.microsoft.com/azure/key-vault/general/network-security (IPv6 rules); KQL ipv4_is_private returns null for non-IPv4 text',
  keeps: 'alert-count',
  cases: ['positive', 'negative'],
  apply({ rows, tables }) {
    let out = mapRows(rows, (t) => tables.has(t) && CALLER_TABLES.has(t), (row, table) => {
      const a = addressOf(table, row);
      const v6 = a ? toIpv6(a) : undefined;
      return v6 ? withAddress(table, row, v6) : row;
    });
    // The same hosts in threat intelligence are indicators of their IPv6 addresses.
    out = mapRows(out, (t) => t === 'ThreatIntelligenceIndicator', (row) => {
      const next = { ...row };
      for (const col of TI_ADDRESS_COLUMNS) {
        const v6 = typeof row[col] === 'string' ? toIpv6(row[col] as string) : undefined;
        if (v6) next[col] = v6;
      }
      return next;
    });
    return changed(rows, out) ? { rows: out } : undefined;
  },
};
