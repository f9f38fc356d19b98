import { kindName, nodeEnd, nodeStart, stringLiteral, walk } from '../analysis.ts';
import type { QueryCheck } from './types.ts';

const CONTAINS = new Set(['ContainsExpression', 'NotContainsExpression', 'ContainsCsExpression', 'NotContainsCsExpression']);
/** A whole term as Kusto indexes it: 3+ alphanumeric characters. */
const TERM = /^[A-Za-z0-9]{3,}$/;

export const preferHas: QueryCheck = {
  id: 'kql-prefer-has',
  defaultSetting: 'warn',
  description: '`contains` with a whole-term literal: `has` uses the term index and is much cheaper.',
  run(ctx) {
    walk(ctx.analysis.code.Syntax, (n) => {
      const kind = kindName(n);
      if (!CONTAINS.has(kind)) return;
      const term = stringLiteral(n.Right);
      if (term === undefined || !TERM.test(term)) return;
      const op = ctx.query.slice(nodeEnd(n.Left), nodeStart(n.Right)).trim();
      const better = op.replace('contains', 'has');
      const opStart = ctx.query.indexOf(op, nodeEnd(n.Left));
      ctx.report(opStart, op.length,
        `'${op} "${term}"' scans every value; use '${better}' (indexed) when "${term}" stands as a whole term in the data; keep ${op} if it must match inside longer words (then add // content-lint-disable-line kql-prefer-has)`);
    });
  },
};
