import { kindName, nodeStart, walk } from '../analysis.ts';
import type { QueryCheck } from './types.ts';

const TABLE = 'ThreatIntelligenceIndicator';
/** The Azure-Sentinel CI's required pattern for TI queries, compared without whitespace. */
const REQUIRED: [RegExp, string][] = [
  [/arg_max\(TimeGenerated,\*\)byIndicatorId/i, 'summarize LatestIndicatorTime = arg_max(TimeGenerated, *) by IndicatorId'],
  [/ExpirationDateTime>now\(\)/i, 'where ExpirationDateTime > now()'],
  [/Active==true/i, 'where Active == true'],
];

export const tiLatestIndicator: QueryCheck = {
  id: 'kql-ti-latest-indicator',
  defaultSetting: 'error',
  description: 'A ThreatIntelligenceIndicator query must keep only the latest, active, unexpired version of each indicator (Azure-Sentinel CI).',
  run(ctx) {
    let first: { start: number; length: number } | undefined;
    walk(ctx.analysis.code.Syntax, (n) => {
      if (first || kindName(n) !== 'NameReference' || String(n.SimpleName) !== TABLE) return;
      first = { start: nodeStart(n), length: n.Width as number };
    });
    if (!first) return;
    const compact = ctx.query.replace(/\/\/[^\n]*/g, '').replace(/\s+/g, '');
    const missing = REQUIRED.filter(([re]) => !re.test(compact)).map(([, text]) => text);
    if (missing.length) {
      ctx.report(first.start, first.length, `a ${TABLE} query must pick the latest version of each indicator and drop expired or inactive ones; missing: ${missing.join('; ')}`);
    }
  },
};
