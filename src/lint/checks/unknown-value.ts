import { didYouMean } from '../../content/validate/did-you-mean.ts';
import { kindName, nodeEnd, nodeStart, walk } from '../analysis.ts';
import { comparedColumn, comparedLiterals, VALUE_COMPARISONS } from '../known-values.ts';
import type { QueryCheck } from './types.ts';

/**
 * A literal compared with a workspace function's column (`Operation == "KeyRotatonPolicySet"`) that is not one of
 * the values the function's body produces or lists, but is close to one: most likely a typo that never matches.
 * The values come from the functions the query calls (known-values.ts).
 */
export const unknownValue: QueryCheck = {
  id: 'kql-unknown-value',
  defaultSetting: 'warn',
  description: "A literal compared with a workspace function's column is not a value the function produces, but is close to one (a likely typo).",
  run(ctx) {
    const functions = ctx.functionValues;
    if (!functions?.size) return;
    const called = new Set<string>();
    walk(ctx.analysis.code.Syntax, (n) => {
      const k = kindName(n);
      const name = n.ReferencedSymbol?.Name;
      if ((k === 'NameReference' || k === 'FunctionCallExpression') && name && functions.has(String(name))) called.add(String(name));
    });
    if (!called.size) return;
    walk(ctx.analysis.code.Syntax, (n) => {
      const comparison = VALUE_COMPARISONS[kindName(n)];
      if (!comparison) return;
      const column = comparedColumn(n);
      if (!column) return;
      for (const fn of called) {
        const values = functions.get(fn)!.get(column);
        if (!values?.size) continue;
        const lower = new Set([...values].map((v) => v.toLowerCase()));
        for (const l of comparedLiterals(n, comparison.list)) {
          if (lower.has(l.value.toLowerCase())) continue;
          const hint = didYouMean(l.value, [...values]);
          if (!hint) continue;
          ctx.report(nodeStart(l.node), nodeEnd(l.node) - nodeStart(l.node),
            `"${l.value}" is not a value of ${column} that ${fn} produces or lists; did you mean "${hint}"? (the values are read from ${fn}'s body)`);
        }
        break;
      }
    });
  },
};
