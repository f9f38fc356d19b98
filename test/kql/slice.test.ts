import { describe, expect, it } from 'vitest';
import { run, unordered } from './helpers.ts';

/** Tests as data: query in, columns and rows out. `ordered: false` compares rows as a multiset. */
const cases: { name: string; query: string; columns?: string[]; rows: unknown[][]; ordered?: boolean }[] = [
  {
    name: 'where, extend, project, summarize count by key and bin',
    query: 'T | where n > 1 and (Op has "key" or Op contains "create") | extend m = n * 2 | project Caller, m, TimeGenerated | summarize count() by Caller, bin(TimeGenerated, 1h)',
    columns: ['Caller', 'TimeGenerated', 'count_'],
    rows: [['bob', '2026-11-20T10:00:00.0000000Z', 1], ['', '2026-11-20T12:00:00.0000000Z', 1]],
    ordered: false,
  },
  {
    name: 'has is a term match: KeyDelete does not have "key"',
    query: 'T | where Op has "key" | project Op',
    rows: [['Key Backup']],
  },
  {
    name: 'contains is a case-insensitive substring match',
    query: 'T | where Op contains "KEY" | project n',
    rows: [[1], [2], [3], [5]],
  },
  {
    name: 'in is case-sensitive, in~ is not',
    query: 'T | extend a = Caller in ("Alice", "bob"), b = Caller in~ ("Alice", "bob") | project Caller, a, b',
    rows: [['alice', false, true], ['bob', true, true], ['alice', false, true], ['carol', false, false], ['', false, false]],
  },
  {
    name: 'or with == on strings and null numbers in comparisons',
    query: 'T | where Caller == "carol" or n >= 5 | project Caller, n',
    rows: [['carol', null], ['', 5]],
  },
  {
    name: 'a null predicate drops the row',
    query: 'T | where n > 0 | count',
    rows: [[4]],
  },
  {
    name: 'summarize without by over no rows gives one row',
    query: 'T | where Caller == "nobody" | summarize c = count()',
    rows: [[0]],
  },
  {
    name: 'summarize with by over no rows gives no row',
    query: 'T | where Caller == "nobody" | summarize c = count() by Caller',
    rows: [],
  },
];

describe('engine vertical slice', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = run(c.query);
      if (c.columns) expect(result.columns.map((x) => x.name)).toEqual(c.columns);
      if (c.ordered === false) expect(unordered(result.rows)).toEqual(unordered(c.rows));
      else expect(result.rows).toEqual(c.rows);
    });
  }
});
