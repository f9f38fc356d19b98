import { formatDuration, parseDuration } from '../../content/index.ts';
import { kindName, nodeStart, walk } from '../analysis.ts';
import type { QueryCheck } from './types.ts';

/** KQL timespan literal text → ms (`3d`, `90m`, `1h`, `2.5h`, `time(1d)`); undefined when not a plain literal. */
export function timespanLiteralMs(text: string): number | undefined {
  const t = text.trim().replace(/^(?:time|timespan)\((.*)\)$/, '$1').trim();
  const m = /^(\d+(?:\.\d+)?)\s*(d|h|m|s|ms|min|sec|second|seconds|minute|minutes|hour|hours|day|days)$/i.exec(t);
  if (!m) return parseDuration(t);
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  const ms = unit.startsWith('d') ? 86_400_000 : unit.startsWith('h') ? 3_600_000 : unit === 'ms' ? 1 : unit.startsWith('s') ? 1000 : 60_000;
  return n * ms;
}

export const agoBeyondPeriod: QueryCheck = {
  id: 'kql-ago-beyond-period',
  defaultSetting: 'warn',
  description: "ago() reaching further back than the rule's queryPeriod: Sentinel only gives the query queryPeriod of data.",
  run(ctx) {
    const period = ctx.rule?.queryPeriodMs;
    if (period === undefined || ctx.rule?.kind !== 'Scheduled') return;
    // let-bound timespan literals: `let lookback = 14d;`
    const lets = new Map<string, number>();
    walk(ctx.analysis.code.Syntax, (n) => {
      if (kindName(n) !== 'LetStatement') return;
      const ms = timespanLiteralMs(ctx.query.slice(nodeStart(n.Expression), nodeStart(n.Expression) + (n.Expression.Width as number)));
      if (ms !== undefined) lets.set(String(n.Name.SimpleName), ms);
    });
    walk(ctx.analysis.code.Syntax, (n) => {
      if (kindName(n) !== 'FunctionCallExpression' || String(n.Name?.SimpleName).toLowerCase() !== 'ago') return;
      const args = n.ArgumentList?.Expressions;
      if (!args || args.Count !== 1) return;
      const arg = args.getItem(0).Element;
      const text = ctx.query.slice(nodeStart(arg), nodeStart(arg) + (arg.Width as number));
      const ms = kindName(arg) === 'NameReference' ? lets.get(text.trim()) : timespanLiteralMs(text);
      if (ms === undefined || ms <= period) return;
      ctx.report(nodeStart(n), n.Width as number,
        `ago(${text.trim()}) looks back ${formatDuration(ms)}, but queryPeriod is ${ctx.rule!.queryPeriod}: Sentinel runs the query over the last ${ctx.rule!.queryPeriod} only; raise queryPeriod or shorten the window`);
    });
  },
};
