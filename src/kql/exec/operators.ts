/** Execution of the less common operators (join, mv-expand, parse, make-series, ...). */
import { KqlError } from '../engine-api.ts';
import type { Table } from '../data/table.ts';
import type { Expr, Plan } from '../plan/nodes.ts';
import type { Compiled } from './compile.ts';
import type { RunContext } from './context.ts';

export function executeExtra(plan: Plan, _rc: RunContext, _exec: (p: Plan, rc: RunContext) => Table,
  _compile: (e: Expr) => Compiled): Table {
  throw new KqlError('KQL_UNSUPPORTED', `operator ${plan.op} is not supported by the local engine`);
}
