/**
 * Lowering context shared by the statement, tabular and scalar lowerers: name scopes (let, function parameters),
 * the built-in symbol tables, and how an unsupported construct is reported (thrown when running, collected when
 * checking a query for replayability).
 */
import { KqlError } from '../engine-api.ts';
import { loadKusto } from '../kusto.ts';
import type { ColumnSchema } from '../schema.ts';
import { sourceTextOf, startOf, widthOf, type Node } from '../frontend/syntax.ts';
import type { Expr, Plan } from './nodes.ts';

export type Binding = { kind: 'scalar'; expr: Expr } | { kind: 'tabular'; plan: Plan };

export class Scope {
  private readonly vars = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  set(name: string, b: Binding): void {
    this.vars.set(name, b);
  }
  get(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
}

export interface UnsupportedUse { name: string; start: number; length: number }

export class LowerContext {
  readonly unsupported: UnsupportedUse[] = [];
  /** Values of the `set` statements met so far (query_bin_auto_size, ...), by option name. */
  readonly queryOptions = new Map<string, Expr>();
  /** Set when a call to ingestion_time() is lowered. */
  usesIngestionTime = false;
  /** What the query does that a reader may not expect (a fuzzy union's operand skipped, ...): kept with the result. */
  readonly warnings: string[] = [];
  private nextId = 0;
  /** Offset added to node positions: a called function's body is positioned within its own text, not the query. */
  readonly builtinFunctions: Set<object>;
  readonly builtinAggregates: Set<object>;

  constructor(
    readonly mode: 'run' | 'check',
    readonly options: { externalDataRoot?: string; parameterNames: Set<string> },
  ) {
    const g = loadKusto().Kusto.Language.GlobalState.Default;
    this.builtinFunctions = new Set(g.Functions as object[]);
    this.builtinAggregates = new Set(g.Aggregates as object[]);
  }

  id(): number {
    return ++this.nextId;
  }

  /** Reports a construct the engine does not implement: throws KQL_UNSUPPORTED (run) or records it (check). */
  unsupportedUse(name: string, node: Node, why?: string): void {
    const start = node ? startOf(node) : 0;
    const length = node ? widthOf(node) : 0;
    if (this.mode === 'check') {
      if (!this.unsupported.some((u) => u.name === name && u.start === start)) this.unsupported.push({ name, start, length });
      return;
    }
    throw new KqlError('KQL_UNSUPPORTED', `${name} is not supported by the local engine${why ? `: ${why}` : ''} (at offset ${start}: ${snippet(node)})`, start, length);
  }

  /** An error in a query that bound cleanly but cannot be evaluated as written. */
  runtimeError(message: string, node?: Node): KqlError {
    return new KqlError('KQL_RUNTIME', message, node ? startOf(node) : undefined, node ? widthOf(node) : undefined);
  }
}

function snippet(node: Node): string {
  const t = node ? sourceTextOf(node) : '';
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

export function placeholderPlan(columns: ColumnSchema[]): Plan {
  return { op: 'rows', columns, rows: [] };
}
