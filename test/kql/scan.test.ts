/** The scan operator, as data: a query in, columns and rows out (scan output keeps the input order). */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.ts';

interface Case { name: string; query: string; columns: string[]; rows: unknown[][] }

const cases: Case[] = [
  {
    name: 'running sum with a reset, default from declare',
    query: 'range x from 1 to 5 step 1 | scan declare (acc:long=0) with (step s: true => acc = iff(s.acc >= 5, x, x + s.acc);)',
    columns: ['x', 'acc'],
    rows: [[1, 1], [2, 3], [3, 6], [4, 4], [5, 9]],
  },
  {
    name: 'fill forward; an unassigned declared string without default is empty',
    query: 'T | project n | scan declare (prev:long, other:string) with (step s: true => prev = iif(isnull(n), s.prev, n);)',
    columns: ["n", "prev", "other"],
    rows: [[1, 1, ''], [2, 2, ''], [3, 3, ''], [null, 3, ''], [5, 5, '']],
  },
  {
    name: 'sequence of steps with match ids: a match promotes the previous step state',
    query: 'T | project Caller, n | scan with_match_id=m with (step a: Caller == "alice"; step b: Caller != "alice" and n > a.n;)',
    columns: ['Caller', 'n', 'm'],
    // alice(1) starts match 0, bob(2) > a.n=1 moves it to b; alice(3) starts match 1; carol (null n) fails; '' (5) > 3
    rows: [['alice', 1, 0], ['bob', 2, 0], ['alice', 3, 1], ['', 5, 1]],
  },
  {
    name: 'output=none hides a step and a later step ends the match (sessions)',
    query: 'range t from 0 to 10 step 1 | where t in (0, 1, 5, 6, 9) | scan with_match_id=sid declare (start:long) with (step open: true => start = iff(isnull(open.start), t, open.start); step close output=none: t - open.start > 3;)',
    columns: ['t', 'start', 'sid'],
    // 5 - 0 > 3 closes session 0 and 5 opens session 1; 9 - 5 > 3 closes that one too
    rows: [[0, 0, 0], [1, 0, 0], [5, 5, 1], [6, 5, 1], [9, 9, 2]],
  },
  {
    name: 'output=last keeps the last record of the step per match',
    query: 'range t from 1 to 6 step 1 | scan with_match_id=id with (step a output=last: t % 3 == 1; step b: t % 3 == 0;)',
    columns: ['t', 'id'],
    rows: [[1, 0], [3, 0], [4, 1], [6, 1]],
  },
];


/** `scan order by ... partition by ...`: the input serialised by the keys, each partition matched on its own. */
const clauseCases: Case[] = [
  {
    name: 'order by sorts the input before the steps run (as the sort operator would)',
    query: 'datatable(x:long)[3, 1, 2] | scan order by x asc declare (acc:long=0) with (step s: true => acc = s.acc + x;)',
    columns: ['x', 'acc'],
    rows: [[1, 1], [2, 3], [3, 6]],
  },
  {
    name: 'order by desc',
    query: 'datatable(x:long)[3, 1, 2] | scan order by x desc declare (prev:long) with (step s: true => prev = s.x;)',
    columns: ['x', 'prev'],
    rows: [[3, null], [2, 3], [1, 2]],
  },
  {
    name: 'partition by keeps a running sum per key, output in input order',
    query: 'datatable(g:string, x:long)["a", 1, "b", 10, "a", 2, "b", 20, "a", 3] | scan partition by g declare (acc:long=0) with (step s: true => acc = s.acc + x;)',
    columns: ['g', 'x', 'acc'],
    rows: [['a', 1, 1], ['b', 10, 10], ['a', 2, 3], ['b', 20, 30], ['a', 3, 6]],
  },
  {
    name: 'order by and partition by: sessions per user, match ids per partition',
    query: 'datatable(u:string, t:long, e:string)["bob", 5, "logout", "ann", 1, "login", "bob", 2, "login", "ann", 3, "logout", "ann", 4, "login"]'
      + ' | scan with_match_id=m order by t asc partition by u declare (start:long) with (step s1 output=none: e == "login" => start = t; step s2: e == "logout" => start = s1.start;)'
      + ' | project u, start, t, m',
    columns: ['u', 'start', 't', 'm'],
    // ann logs in at 1 and out at 3 (her match 0); bob in at 2, out at 5 (his match 0); ann's login at 4 has no logout
    rows: [['ann', 1, 3, 0], ['bob', 2, 5, 0]],
  },
  {
    name: 'a null partition key is a partition of its own',
    query: 'datatable(g:long, x:long)[1, 1, long(null), 5, 1, 2, long(null), 7] | scan partition by g declare (acc:long=0) with (step s: true => acc = s.acc + x;) | project acc',
    columns: ['acc'],
    rows: [[1], [5], [3], [12]],
  },
];

for (const [title, list] of [['scan operator', cases], ['scan order by / partition by', clauseCases]] as const) {
  describe(title, () => {
    for (const c of list) {
      it(c.name, () => {
        const result = run(c.query);
        expect(result.columns.map((x) => x.name)).toEqual(c.columns);
        expect(result.rows).toEqual(c.rows);
      });
    }
  });
}
