/**
 * Generated rows for `npm run real-rules`: N records per table with values of each column's type, seeded. The
 * values are the shapes Sentinel rules meet (IPv4 and IPv6 addresses, UPNs, JSON text in string columns, bags and
 * arrays in dynamic columns, empty strings and nulls), so that a rule's parsing and conversions run on them; they
 * are not meant to make any rule fire.
 */
import type { TableSchema } from '../src/kql/index.ts';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '', 'alice@contoso.com', 'CONTOSO\\bob', '10.1.2.3', '2001:db8::7', '203.0.113.9', 'Success', 'Failure', '0', '4625',
  '{"key":"value","n":1,"list":[1,2]}', '[{"name":"a","value":"b"}]', 'C:\\Windows\\System32\\cmd.exe', 'powershell.exe -enc SQBFAFgA',
  'https://contoso.com/path?q=1', 'Add member to role', '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1',
  'true', 'Microsoft.Compute/virtualMachines/write', 'a,b;c d', 'Low', 'High',
];
const DYNAMICS: unknown[] = [
  null, {}, [], { key: 'value', n: 1, nested: { a: [1, 2] } }, ['a', 'b'], [{ name: 'a', value: 'b', modifiedProperties: [] }],
  { ipAddress: '10.1.2.3', city: 'Paris', countryOrRegion: 'FR' }, 'text', 5,
];

export function generateRows(schema: TableSchema, count: number, seed: number): Record<string, unknown>[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const base = Date.parse('2024-09-19T00:00:00Z');
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const row: Record<string, unknown> = {};
    for (const c of schema.columns) {
      if (r() < 0.1 && c.name !== 'TimeGenerated') continue; // absent: null (or '' for strings)
      switch (c.type) {
        case 'string': row[c.name] = pick(STRINGS); break;
        case 'dynamic': row[c.name] = pick(DYNAMICS); break;
        case 'bool': row[c.name] = r() < 0.5; break;
        case 'int': case 'long': row[c.name] = Math.floor(r() * 5000) - 10; break;
        case 'real': case 'decimal': row[c.name] = Math.round(r() * 1e6) / 100; break;
        case 'datetime': row[c.name] = new Date(base - Math.floor(r() * 14 * 86_400_000)).toISOString(); break;
        case 'timespan': row[c.name] = `00:${String(Math.floor(r() * 60)).padStart(2, '0')}:00`; break;
        case 'guid': row[c.name] = `${Math.floor(r() * 0xffffffff).toString(16).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`; break;
      }
    }
    rows.push(row);
  }
  return rows;
}
