/**
 * The steps of a query's final pipeline: `T | where ... | summarize ...` has three, each given as the query text up
 * to and including it (with the `let` statements before it), so that running each prefix shows how many rows
 * survive every step. Syntax only: nothing is bound. Pipelines nested inside operators (join, union) are not split.
 */
import { loadKusto } from '../kusto.ts';
import { kindOf, listOf, startOf, widthOf, type Node } from './syntax.ts';

export interface PipelineStep {
  /** The query text up to the end of this step: a query on its own. */
  prefix: string;
  /** This step's own text (`where ...`, or the source for the first step), trimmed. */
  text: string;
  /** Offset of this step's text in the query. */
  start: number;
}

export function pipelineSteps(query: string): PipelineStep[] {
  const { Kusto } = loadKusto();
  const code = Kusto.Language.KustoCode.Parse(query);
  const statements = listOf(code.Syntax?.Statements);
  const last = statements[statements.length - 1];
  if (!last || kindOf(last) !== 'ExpressionStatement') return [];
  const operators: Node[] = [];
  let expr: Node = last.Expression;
  while (expr && kindOf(expr) === 'PipeExpression') {
    operators.unshift(expr.Operator);
    expr = expr.Expression;
  }
  return [expr, ...operators].map((node) => {
    const start = startOf(node);
    const end = start + widthOf(node);
    return { prefix: query.slice(0, end), text: query.slice(start, end).trim(), start };
  });
}
