import { kindName, nodeStart, walk } from '../analysis.ts';
import type { QueryCheck } from './types.ts';

export const searchStar: QueryCheck = {
  id: 'kql-search-star',
  defaultSetting: 'warn',
  description: '`search` or `* has` scans every column of every row: name the table and the columns.',
  run(ctx) {
    walk(ctx.analysis.code.Syntax, (n) => {
      const kind = kindName(n);
      if (kind === 'SearchOperator') {
        ctx.report(nodeStart(n), 6, "'search' scans every column; filter named columns with where ... has instead");
      } else if (kind === 'StarExpression' && /^(Has|Contains|HasCs|ContainsCs|NotHas|NotContains)Expression$/.test(kindName(n.Parent ?? {}))) {
        ctx.report(nodeStart(n), 1, "'* has' scans every column; name the columns to search");
      }
    });
  },
};
