/**
 * join ... where, as data: `$left.x == $right.y` conditions are the join keys, every other condition must hold for a
 * pair of rows too; each join kind then keeps, fills or drops rows as with `on`.
 */
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../src/kql/index.ts';
import { engine, run, unordered } from './helpers.ts';

interface Case { name: string; query: string; columns?: string[]; rows: unknown[][]; ordered?: boolean }

const ranges = 'let A = datatable(id:long, t:long)[1, 10, 2, 20, 3, 50]; let W = datatable(name:string, lo:long, hi:long)["early", 0, 15, "late", 15, 40, "never", 100, 200];';

const cases: Case[] = [
  {
    name: 'inner: key equality and a condition on the right side',
    query: 'T | join kind=inner U where $left.Caller == $right.Caller and $right.Role != "reader" | project Caller, n, Role',
    rows: [['alice', 1, 'admin'], ['alice', 3, 'admin'], ['bob', 2, 'writer']],
  },
  {
    name: 'inner without a key equality: a range join',
    query: `${ranges} A | join kind=inner W where $left.t >= $right.lo and $left.t < $right.hi | project id, name`,
    rows: [[1, 'early'], [2, 'late']],
  },
  {
    name: 'innerunique: one left row per key, then the condition',
    query: 'T | join U where $left.Caller == $right.Caller and $right.Role != "admin" | project Caller, n, Role',
    rows: [['bob', 2, 'reader'], ['bob', 2, 'writer']],
  },
  {
    name: 'leftouter: a left row whose pairs all fail the condition gets an empty right side',
    query: 'T | join kind=leftouter U where $left.Caller == $right.Caller and $right.Role == "writer" | project Caller, n, Role',
    rows: [['alice', 1, ''], ['bob', 2, 'writer'], ['alice', 3, ''], ['carol', null, ''], ['', 5, '']],
  },
  {
    name: 'leftsemi, the key equality written right to left',
    query: 'T | join kind=leftsemi U where $right.Caller == $left.Caller and $right.Role == "admin" | project n',
    rows: [[1], [3]],
  },
  {
    name: 'leftanti keeps the left rows without a pair meeting the condition',
    query: 'T | join kind=leftanti U where $left.Caller == $right.Caller and $right.Role == "admin" | project n',
    rows: [[2], [null], [5]],
  },
  {
    name: 'rightsemi: a null left value never meets the condition',
    query: 'T | join kind=rightsemi U where $left.Caller == $right.Caller and $left.n > 1 | project Caller, Role',
    rows: [['alice', 'admin'], ['bob', 'reader'], ['bob', 'writer']],
  },
  {
    name: 'rightanti',
    query: 'T | join kind=rightanti U where $left.Caller == $right.Caller and $left.n > 1 | project Caller, Role',
    rows: [['dave', 'admin']],
  },
  {
    name: 'rightouter fills the left side of right rows without a pair',
    query: 'T | join kind=rightouter U where $left.Caller == $right.Caller and $left.n >= 3 | project Caller1, Role, n',
    rows: [['alice', 'admin', 3], ['bob', 'reader', null], ['bob', 'writer', null], ['dave', 'admin', null]],
  },
  {
    name: 'fullouter range join: unmatched rows of both sides',
    query: `${ranges} A | join kind=fullouter W where $left.t >= $right.lo and $left.t < $right.hi | project id, name`,
    rows: [[1, 'early'], [2, 'late'], [3, ''], [null, 'never']],
  },
  {
    name: 'a condition calling functions over both sides',
    query: `${ranges} A | join kind=inner W where abs($left.t - $right.hi) <= 10 or strlen($right.name) == 5 and $left.id == 3 | project id, name`,
    // |t - hi| <= 10: (1, early), (2, early), (3, late); five-letter names with id 3: (3, early), (3, never)
    rows: [[1, 'early'], [2, 'early'], [3, 'early'], [3, 'late'], [3, 'never']],
  },
];

describe('join ... where', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = run(c.query);
      if (c.columns) expect(result.columns.map((x) => x.name)).toEqual(c.columns);
      expect(c.ordered ? result.rows : unordered(result.rows)).toEqual(c.ordered ? c.rows : unordered(c.rows));
    });
  }

  it('innerunique without a key equality is reported, not guessed', () => {
    const q = `${ranges} A | join W where $left.t < $right.hi`;
    expect(() => run(q)).toThrow(KqlError);
    expect(() => run(q)).toThrow(/innerunique/);
    expect(engine.check(q).unsupported.map((u) => u.name)).toEqual([expect.stringContaining('innerunique')]);
  });

  it('is replayable', () => {
    expect(engine.check('T | join kind=inner U where $left.Caller == $right.Caller and $left.n > 1').replayable).toBe(true);
  });
});
