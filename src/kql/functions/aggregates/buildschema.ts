/**
 * buildschema(dynamic): the smallest schema that admits every value of the group. A schema is one type or a list of
 * alternatives in the order first met: the names `long` (integral numbers), `double`, `string`, `bool`, a property
 * bag of schemas per key, and for arrays `{"`indexer`": schema}` of their elements. Nulls add nothing.
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';

/** Alternatives: primitive names, at most one bag node and at most one array node. */
interface Node { prims: string[]; bag: Map<string, Node> | null; items: Node | null; order: ('bag' | 'items' | string)[] }

const newNode = (): Node => ({ prims: [], bag: null, items: null, order: [] });

function add(n: Node, v: unknown): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    if (!n.items) {
      n.items = newNode();
      n.order.push('items');
    }
    for (const e of v) add(n.items, e);
    return;
  }
  if (typeof v === 'object') {
    if (!n.bag) {
      n.bag = new Map();
      n.order.push('bag');
    }
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      let child = n.bag.get(k);
      if (!child) n.bag.set(k, (child = newNode()));
      add(child, e);
    }
    return;
  }
  const t = typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? 'long'
    : typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'bool' : 'string';
  if (!n.prims.includes(t)) {
    n.prims.push(t);
    n.order.push(t);
  }
}

function render(n: Node): unknown {
  const alts = n.order.map((a) => {
    if (a === 'bag') return Object.fromEntries([...n.bag!].map(([k, c]) => [k, render(c)]));
    if (a === 'items') return { '`indexer`': render(n.items!) };
    return a;
  });
  return alts.length === 0 ? null : alts.length === 1 ? alts[0] : alts;
}

function mergeNodes(a: Node, b: Node): void {
  for (const a2 of b.order) {
    if (a2 === 'bag') {
      if (!a.bag) {
        a.bag = new Map();
        a.order.push('bag');
      }
      for (const [k, c] of b.bag!) {
        const mine = a.bag.get(k);
        if (mine) mergeNodes(mine, c);
        else a.bag.set(k, c);
      }
    } else if (a2 === 'items') {
      if (!a.items) {
        a.items = newNode();
        a.order.push('items');
      }
      mergeNodes(a.items, b.items!);
    } else if (!a.prims.includes(a2)) {
      a.prims.push(a2);
      a.order.push(a2);
    }
  }
}

const impl: AggregateImpl<Node> = {
  init: () => newNode(),
  add: (s, args) => {
    add(s, args[0]);
    return s;
  },
  result: (s) => render(s),
  merge: (a, b) => {
    mergeNodes(a, b);
    return a;
  },
};

defineAggregate((A) => A.BuildSchema, impl);
