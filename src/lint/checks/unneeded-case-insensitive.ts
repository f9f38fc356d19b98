import { kindName, nodeStart, stringLiteral, walk } from '../analysis.ts';
import { toArray } from '../../kql/kusto.ts';
import { literalContentSpan } from './literal-span.ts';
import type { QueryCheck } from './types.ts';

const CASE_INSENSITIVE: Record<string, string> = {
  EqualTildeExpression: '==', BangTildeExpression: '!=', InCsExpression: 'in', NotInCsExpression: '!in',
};

/** A value with no letters compares the same either way, so the case-sensitive operator is exact and faster. */
const hasLetters = (s: string): boolean => s.toLowerCase() !== s.toUpperCase();

export const unneededCaseInsensitive: QueryCheck = {
  id: 'kql-unneeded-case-insensitive',
  defaultSetting: 'warn',
  description: '=~, !~, in~ or !in~ against values without letters: the case-sensitive operator gives the same result, faster.',
  fixable: true,
  run(ctx) {
    walk(ctx.analysis.code.Syntax, (n) => {
      const kind = kindName(n);
      const alt = CASE_INSENSITIVE[kind];
      if (!alt) return;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      let literals: any[];
      if (kind === 'EqualTildeExpression' || kind === 'BangTildeExpression') literals = [n.Right];
      else {
        const list = n.Right?.Expressions;
        if (!list) return;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        literals = toArray(list).map((e: any) => e.Element);
      }
      const values = literals.map(stringLiteral);
      if (!values.length || values.some((v) => v === undefined || hasLetters(v))) return;
      const opStart = nodeStart(n.Operator);
      const op = ctx.query.slice(opStart, opStart + (n.Operator.Width as number));
      // Exact only when the left side is a string: a dynamic or numeric operand would compare under other rules.
      const exact = n.Left?.ResultType?.Name === 'string';
      ctx.report(opStart, op.length, `'${op}' is not needed: the value${values.length > 1 ? 's have' : ' has'} no letters; use '${alt}'`,
        exact ? { start: opStart, end: opStart + op.length, text: alt, requires: literals.map((l) => literalContentSpan(ctx.query, l)) } : undefined);
    });
  },
};
