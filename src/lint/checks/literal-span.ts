import { nodeEnd, nodeStart } from '../analysis.ts';
import type { QuerySpan } from './types.ts';

/**
 * The span of a string literal's characters between its quotes (`"abc"`, `'abc'`, `@"abc"`, `h"abc"`, ```` ```abc``` ````):
 * what a fix that depends on the value needs to find written as is. The whole literal when its form is unknown.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function literalContentSpan(query: string, literal: any): QuerySpan {
  const start = nodeStart(literal);
  const end = nodeEnd(literal);
  const text = query.slice(start, end);
  const open = /^[hH]?@?(```|~~~|"|')/.exec(text);
  if (!open) return { start, end };
  const delimiter = open[1];
  if (text.length < open[0].length + delimiter.length || !text.endsWith(delimiter)) return { start, end };
  return { start: start + open[0].length, end: end - delimiter.length };
}
