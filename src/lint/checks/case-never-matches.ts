import { toArray } from '../../kql/kusto.ts';
import { kindName, nodeEnd, nodeStart, stringLiteral } from '../analysis.ts';
import { caseFoldCalls } from './case-fold-calls.ts';
import type { QueryCheck } from './types.ts';

/**
 * Case-sensitive comparisons, with what they mean when the value can never occur: `!=` and the negated forms are
 * then always true, the others always false.
 */
const CASE_SENSITIVE: Record<string, { op: string; negated: boolean; list?: boolean }> = {
  EqualExpression: { op: '==', negated: false }, NotEqualExpression: { op: '!=', negated: true },
  InExpression: { op: 'in', negated: false, list: true }, NotInExpression: { op: '!in', negated: true, list: true },
  HasCsExpression: { op: 'has_cs', negated: false }, NotHasCsExpression: { op: '!has_cs', negated: true },
  HasPrefixCsExpression: { op: 'hasprefix_cs', negated: false }, NotHasPrefixCsExpression: { op: '!hasprefix_cs', negated: true },
  HasSuffixCsExpression: { op: 'hassuffix_cs', negated: false }, NotHasSuffixCsExpression: { op: '!hassuffix_cs', negated: true },
  ContainsCsExpression: { op: 'contains_cs', negated: false }, NotContainsCsExpression: { op: '!contains_cs', negated: true },
  StartsWithCsExpression: { op: 'startswith_cs', negated: false }, NotStartsWithCsExpression: { op: '!startswith_cs', negated: true },
  EndsWithCsExpression: { op: 'endswith_cs', negated: false }, NotEndsWithCsExpression: { op: '!endswith_cs', negated: true },
};

/** ASCII letters tolower() never outputs (upper case), and toupper() never outputs (lower case). */
const IMPOSSIBLE = { tolower: /[A-Z]/, toupper: /[a-z]/ };

export const caseNeverMatches: QueryCheck = {
  id: 'kql-case-never-matches',
  defaultSetting: 'error',
  description: 'tolower()/toupper() compared case-sensitively with a value of the other case: the comparison can never match.',
  run(ctx) {
    caseFoldCalls(ctx.analysis.code.Syntax, (n, fn, p) => {
      const comparison = CASE_SENSITIVE[kindName(p)];
      if (!comparison) return;
      const callIsLeft = nodeStart(p.Left) <= nodeStart(n) && nodeEnd(n) <= nodeEnd(p.Left);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const values: any[] = comparison.list
        ? (callIsLeft ? toArray(p.Right?.Expressions).map((e) => e.Element) : [])
        : [callIsLeft ? p.Right : p.Left];
      const impossible = values.filter((v) => {
        const text = stringLiteral(v);
        return text !== undefined && IMPOSSIBLE[fn].test(text);
      });
      if (!impossible.length) return;
      const letters = fn === 'tolower' ? 'upper-case' : 'lower-case';
      if (comparison.list && impossible.length < values.length) {
        for (const v of impossible) {
          ctx.report(nodeStart(v), nodeEnd(v) - nodeStart(v), `${fn}() never returns ${letters} letters, so ${v.ToString().trim()} in this list can never match; write it in ${fn === 'tolower' ? 'lower' : 'upper'} case`);
        }
        return;
      }
      const verdict = comparison.negated ? 'always true' : 'never true';
      ctx.report(nodeStart(p), nodeEnd(p) - nodeStart(p),
        `${fn}() never returns ${letters} letters, so this '${comparison.op}' comparison is ${verdict}; write the value${values.length > 1 ? 's' : ''} in ${fn === 'tolower' ? 'lower' : 'upper'} case, or compare with a case-insensitive operator`);
    });
  },
};
