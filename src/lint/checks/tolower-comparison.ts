import { kindName, nodeStart, walk } from '../analysis.ts';
import type { QueryCheck } from './types.ts';

const ALTERNATIVE: Record<string, string> = {
  EqualExpression: '=~', NotEqualExpression: '!~', InExpression: 'in~', NotInExpression: '!in~',
  HasExpression: 'has', NotHasExpression: '!has', ContainsExpression: 'contains', NotContainsExpression: '!contains',
  StartsWithExpression: 'startswith', NotStartsWithExpression: '!startswith', EndsWithExpression: 'endswith',
  NotEndsWithExpression: '!endswith', HasAnyExpression: 'has_any', HasCsExpression: 'has', ContainsCsExpression: 'contains',
  StartsWithCsExpression: 'startswith', EndsWithCsExpression: 'endswith',
};

export const tolowerComparison: QueryCheck = {
  id: 'kql-tolower-comparison',
  defaultSetting: 'warn',
  description: 'tolower()/toupper() to compare strings: use a case-insensitive operator (=~, in~, has) instead.',
  run(ctx) {
    walk(ctx.analysis.code.Syntax, (n) => {
      if (kindName(n) !== 'FunctionCallExpression') return;
      const name = String(n.Name?.SimpleName ?? '').toLowerCase();
      if (name !== 'tolower' && name !== 'toupper') return;
      let p = n.Parent;
      while (p && kindName(p) === 'ParenthesizedExpression') p = p.Parent;
      // in/!in put the left operand directly under the expression; lists sit in an ExpressionList
      const kind = p ? kindName(p) : '';
      const alt = ALTERNATIVE[kind];
      if (!alt) return;
      ctx.report(nodeStart(n), n.Width as number, `${name}() in a comparison defeats the index and costs a copy per row; compare with '${alt}' (case-insensitive) instead`);
    });
  },
};
