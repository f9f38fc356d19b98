/**
 * Errors Kusto.Language's binder reports for queries that the KQL reference documents as valid (and that Azure Data
 * Explorer runs). The engine drops these diagnostics and runs the query with the reference's semantics; anything
 * else the binder reports stays an error. Each gap names the page that documents the construct.
 */
import { kindOf, scalarTypeOf, textOf, type Node } from './syntax.ts';

interface BinderGap {
  /** Diagnostic code (KS107: "A value of type T expected", KS134: "The expression value must be an integer"). */
  code: string;
  /** Why the construct is valid, with the reference page. */
  why: string;
  /** Whether the diagnostic's node is the construct; `call` is the name of the function call or plugin around it. */
  matches: (site: { node: Node; call: string; named: string | null }) => boolean;
}

const GAPS: BinderGap[] = [
  {
    code: 'KS107',
    why: 'count(expr) counts every row of the group, as count(): summarize-operator#aggregates-default-values',
    matches: ({ call, named }) => call === 'count' && named === null,
  },
  {
    code: 'KS134',
    why: 'make_timespan(days, hours, minutes, seconds): seconds is real (make-timespan-function#syntax)',
    matches: ({ call, node }) => call === 'make_timespan' && ['real', 'decimal'].includes(scalarTypeOf(node)),
  },
  {
    code: 'KS107',
    why: 'bag_unpack(..., ignoredProperties=dynamic([...])): the ignored properties are a dynamic array (bag-unpack-plugin#syntax)',
    matches: ({ call, named }) => call === 'bag_unpack' && named === 'ignoredProperties',
  },
  {
    code: 'KS124',
    why: 'evaluate schema_merge(PreserveOrder) is a documented plugin (schema-merge-plugin) that Kusto.Language does not enable',
    matches: ({ node }) => textOf(node).toLowerCase() === 'schema_merge',
  },
];

export interface Diagnostic { code: string; start: number; length: number }

/** True when the binder's diagnostic is one of the documented gaps above. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isBinderGap(d: Diagnostic, syntax: any): boolean {
  const gaps = GAPS.filter((g) => g.code === d.code);
  if (!gaps.length) return false;
  const node: Node = syntax.GetNodeAt(d.start, d.length) ?? syntax.GetTokenAt(d.start);
  if (!node) return false;
  let call = '';
  let named: string | null = null;
  for (let p: Node = node.Parent; p; p = p.Parent) {
    const kind = kindOf(p);
    if (kind === 'SimpleNamedExpression' && named === null && !call) named = textOf(p.Name);
    if (kind === 'FunctionCallExpression') {
      call = textOf(p.Name);
      break;
    }
  }
  return gaps.some((g) => g.matches({ node, call, named }));
}
