/**
 * The logical plan: what the bound query means, independent of how it is executed. Lowering (lower-*.ts) builds
 * it from Kusto.Language's bound tree; the executor (../exec/) compiles its expressions (once per query where they
 * do not depend on the run: run-independent.ts) and evaluates it over columnar tables. A plan is never changed
 * once lowered.
 */
import type { ColumnSchema, ScalarTypeName } from '../schema.ts';
import type { AggregateImpl, CallSite, ScalarFactory, WindowFn } from '../functions/registry.ts';
import type { TopNestedLevel } from './lower-top-nested.ts';

export type ValueType = ScalarTypeName | 'unknown';

/** A call site without the per-run `now` (filled in when the plan is compiled for a run). */
export type StaticSite = Omit<CallSite, 'now'>;

export type Expr =
  | { kind: 'const'; type: ValueType; value: unknown }
  | { kind: 'column'; type: ValueType; index: number; name: string }
  | { kind: 'call'; type: ValueType; factory: ScalarFactory; site: StaticSite; args: Expr[]; volatile: boolean;
      /** For scalar operators, the operator's symbol name (Equal, NotEqual, In, ...): lets the executor vectorise. */
      operator?: string }
  | { kind: 'and' | 'or'; type: 'bool'; args: Expr[] }
  | { kind: 'member'; type: ValueType; target: Expr; key: Expr }
  | { kind: 'window'; type: ValueType; fn: WindowFn; site: StaticSite; args: Expr[] }
  | { kind: 'toscalar'; type: ValueType; plan: Plan }
  /** A tabular expression used as a scalar list (the right side of `in`): its first column as a dynamic array. */
  | { kind: 'tablist'; type: 'dynamic'; plan: Plan }
  /** Reference to an aggregate result inside a summarize's output expression. */
  | { kind: 'aggref'; type: ValueType; slot: number }
  | { kind: 'param'; type: ValueType; name: string; fallback: Expr | null }
  /** `column_ifexists(name, default)` resolved at lowering: a column or the default. */
  | { kind: 'cast'; type: ScalarTypeName; arg: Expr }
  /** pack_all() / bag_pack_columns(...): a property bag of the row's columns, named as in the row scope. */
  | { kind: 'pack'; type: 'dynamic'; columns: { name: string; index: number; type: ScalarTypeName }[]; skipEmpty: boolean }
  /** The row's ingestion time, a hidden value carried beside the columns (see data/table.ts); null when absent. */
  | { kind: 'ingestion'; type: 'datetime' };

export interface Assign { name: string; expr: Expr }

export interface AggregateSpec {
  /** One of the registered aggregates, or the arg_max/arg_min/take_any row pickers handled by the executor. */
  impl: AggregateImpl | null;
  picker?: { kind: 'max' | 'min' | 'any'; outputs: Expr[] };
  args: Expr[];
  site: StaticSite;
  /** An aggregate with several output columns (percentiles(x, 50, 90)): its result array spread over this many. */
  spread?: number;
}

export interface SortKey { expr: Expr; descending: boolean; nullsFirst: boolean }

export type JoinKind =
  | 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter'
  | 'leftsemi' | 'rightsemi' | 'leftanti' | 'rightanti';

export type ParseKind = 'simple' | 'regex' | 'relaxed';

interface Base { columns: ColumnSchema[] }

export type Plan = Base & (
  | { op: 'table'; name: string }
  | { op: 'rows'; rows: unknown[][] }                       // datatable
  | { op: 'print'; exprs: Expr[] }
  | { op: 'range'; from: Expr; to: Expr; step: Expr }
  | { op: 'where'; input: Plan; predicate: Expr }
  /** Adds or replaces columns, one after another (later expressions see earlier results). */
  | { op: 'extend'; input: Plan; assigns: { index: number; expr: Expr }[] }
  /** Picks input columns by index, in order (project of plain columns, -away, -keep, -rename, -reorder). */
  | { op: 'select'; input: Plan; indices: number[] }
  | { op: 'summarize'; input: Plan; keys: Expr[]; aggregates: AggregateSpec[]; outputs: Expr[] }
  | { op: 'sort'; input: Plan; keys: SortKey[] }
  | { op: 'take'; input: Plan; count: Expr }
  | { op: 'top'; input: Plan; count: Expr; keys: SortKey[] }
  | { op: 'distinct'; input: Plan; exprs: Expr[] }
  | { op: 'count'; input: Plan }
  | { op: 'join'; kind: JoinKind; left: Plan; right: Plan; leftKeys: Expr[]; rightKeys: Expr[];
      /** For each output column, which side and input column it comes from. */
      sources: { side: 'left' | 'right'; index: number }[];
      /**
       * `join ... where`: the conditions other than key equalities, which a pair of rows with equal keys must also
       * meet. Its row scope is the left row's columns, then the right row's.
       */
      condition: Expr | null }
  | { op: 'union'; inputs: Plan[]; sourceColumn: string | null; sourceNames: string[];
      /** For each input, for each output column, the input column index or -1. */
      maps: number[][] }
  | { op: 'mvexpand'; input: Plan; items: { index: number; cast: ScalarTypeName | null; bagKind: 'bag' | 'array' }[];
      limit: number; itemIndex: number | null }
  | { op: 'mvapply'; input: Plan; items: { index: number; cast: ScalarTypeName | null }[]; itemIndex: number | null;
      /** The subquery runs once per input row over that row's expansion, fed through the materialize slot `inputId`. */
      subquery: Plan; inputId: number; rowColumns: ColumnSchema[] }
  /** partition by key (subquery): the subquery runs once per key value over its rows (fed through `inputId`). */
  | { op: 'partition'; input: Plan; key: Expr; subquery: Plan; inputId: number;
      /** `partition by Column { query }`: the query reads only the key, fed through `inputId` as a one-row table. */
      keyOnly?: Plan }
  /**
   * top-nested: per level, the top N values of its expression by its aggregation over the rows of one value of the
   * level above (each level's summarize reads those rows through `inputId`); one output row per leaf.
   */
  | { op: 'topnested'; input: Plan; levels: TopNestedLevel[]; inputId: number }
  | { op: 'parse'; input: Plan; source: Expr; kind: ParseKind; regex: RegExp; targets: { index: number; type: ScalarTypeName; group: number }[];
      dropFailures: boolean }
  | { op: 'parsekv'; input: Plan; source: Expr; keys: { name: string; type: ScalarTypeName; index: number }[];
      pairDelimiter: string | null; kvDelimiter: string | null; quotes: [string, string][]; escape: string | null; regex: RegExp | null;
      /** greedy=true: an unquoted value runs on to the next `key<kv delimiter>` (or the end), pair delimiters included */
      greedy: boolean }
  | { op: 'makeseries'; input: Plan; keys: Expr[]; axis: Expr; from: Expr | null; to: Expr | null; step: Expr;
      aggregates: { spec: AggregateSpec; defaultValue: Expr }[];
      /** `in range(start, stop, step)`: stop is included and the bins are aligned with bin(), not at start */
      inRange?: boolean }
  | {
    op: 'bagunpack'; input: Plan; bag: number; prefix: string; keep: number[]; extra: string[]; fixed: boolean;
    /** columnsConflict: a key (with the prefix) that names an input column fails the query, replaces it or is dropped */
    conflict: 'error' | 'replace_source' | 'keep_source';
    /** ignoredProperties: keys left out */
    ignored: string[];
  }
  /**
   * evaluate ipv4_lookup / ipv6_lookup(LookupTable, SourceKey, LookupKey, extra keys..., return_unmatched): a lookup
   * on the IP (prefixes match as ipv4_is_match does) and on equal extra keys; each output column from the input
   * (`side` 0) or the lookup table (`side` 1).
   */
  | {
    op: 'iplookup'; input: Plan; lookup: Plan; v6: boolean; source: number; key: number; extra: [number, number][];
    unmatched: boolean; outputs: { side: 0 | 1; index: number }[];
  }
  /**
   * evaluate geo_line_lookup / geo_polygon_lookup(LookupTable, LookupKey, SourceLongitude, SourceLatitude, ...): each
   * input row joined to the lookup rows whose line is within `radius` meters of its point (geo_distance_point_to_line),
   * or whose polygon contains it (geo_point_in_polygon; within `radius` by geo_distance_point_to_polygon when given).
   */
  | {
    op: 'geolookup'; input: Plan; lookup: Plan; shape: 'line' | 'polygon'; key: number; lng: Expr; lat: Expr;
    radius: Expr | null; unmatched: boolean; outputs: { side: 0 | 1; index: number }[];
  }
  /**
   * evaluate sequence_detect(time, maxStep, maxSpan, predicates..., dimensions...): every chain of rows, one per
   * predicate in order, within the limits; output columns dimensions, one time per step, Duration.
   */
  | { op: 'seqdetect'; input: Plan; time: Expr; maxStep: Expr; maxSpan: Expr; predicates: Expr[]; dims: Expr[] }
  /**
   * evaluate sliding_window_counts(id, time, start, end, lookback, bin, dims...): per bin from start to end and
   * dimension tuple, the count and distinct count of ids over the lookback window ending with that bin.
   */
  | { op: 'slidingcounts'; input: Plan; id: Expr; time: Expr; start: Expr; end: Expr; lookback: Expr; bin: Expr; dims: Expr[] }
  /**
   * evaluate rolling_percentile(value, percentile, index, bin, binsPerWindow, dims...): per dimension tuple and bin of
   * the index, the percentile of the values in the window of binsPerWindow bins ending with that bin.
   */
  | { op: 'rollingpercentile'; input: Plan; value: Expr; percentile: Expr; index: Expr; bin: Expr; window: Expr; dims: Expr[] }
  /**
   * evaluate active_users_count(id, time, start, end, lookback, period, activePeriods, bin, dims...): per bin from start
   * to end and dimension tuple, the distinct ids seen in that bin on at least activePeriods distinct periods of the
   * lookback window ending with the appearance.
   */
  | { op: 'activeusers'; input: Plan; id: Expr; time: Expr; start: Expr; end: Expr; lookback: Expr; period: Expr; activePeriods: Expr; bin: Expr; dims: Expr[] }
  /**
   * evaluate activity_counts_metrics(id, time, start, end, window, dims...): per window from start to end and dimension
   * tuple, the count, distinct count, distinct count of ids not seen in earlier windows, and distinct count so far.
   */
  | { op: 'activitycounts'; input: Plan; id: Expr; time: Expr; start: Expr; end: Expr; window: Expr; dims: Expr[] }
  /**
   * evaluate rows_near(Condition, NumRows [, RowsAfter]): the input rows, in order, that are at most `before` rows
   * before or `after` rows after a row where Condition is true.
   */
  | { op: 'rowsnear'; input: Plan; condition: Expr; before: Expr; after: Expr }
  /** evaluate narrow(): one row per input cell: Row (the row's number from 0), Column (its name), Value (tostring). */
  | { op: 'narrow'; input: Plan }
  /**
   * evaluate dcount_intersect(hll_1, ..., hll_n): each input row with s0 ... s(n-1), the distinct counts of S1,
   * S1 ∩ S2, ..., S1 ∩ ... ∩ Sn, the sets the row's hll sketches hold.
   */
  | { op: 'dcountintersect'; input: Plan; sketches: Expr[] }
  /**
   * evaluate activity_engagement(id, time, start, end, inner, outer, dims...): per inner window from start to end and
   * dimension tuple, the distinct ids of that window, of the outer window ending with it, and their ratio.
   */
  | { op: 'activityengagement'; input: Plan; id: Expr; time: Expr; start: Expr; end: Expr; inner: Expr; outer: Expr; dims: Expr[] }
  /**
   * evaluate activity_metrics(id, time, start, end, window, dims...): per window from start to end and dimension
   * tuple, the distinct ids, those not in the previous window, and the retention and churn rates against it.
   */
  | { op: 'activitymetrics'; input: Plan; id: Expr; time: Expr; start: Expr; end: Expr; window: Expr; dims: Expr[] }
  /**
   * evaluate new_activity_metrics(id, time, start, end, window [, cohort], dims...): per dimension tuple, for each
   * cohort window (the ids first seen in it) and each window from it on, the new, retained and churned ids.
   */
  | { op: 'newactivitymetrics'; input: Plan; id: Expr; time: Expr; start: Expr; end: Expr; window: Expr; cohort: Expr | null; dims: Expr[] }
  /** evaluate pivot(col, agg, keys...): one row per key tuple, one column per distinct value of `pivot`. */
  | { op: 'pivot'; input: Plan; pivot: Expr; keys: number[]; aggregate: AggregateSpec }
  | { op: 'materialize'; input: Plan; id: number }
  | { op: 'getschema'; input: Plan }
  /**
   * evaluate schema_merge(PreserveOrder): getschema rows of several schemas (each starting where the ordinal does not
   * grow) merged into one schema; with preserveOrder a column met again at another ordinal is an error row.
   */
  | { op: 'schemamerge'; input: Plan; preserveOrder: boolean }
  | { op: 'externaldata'; urls: string[]; format: string }
  /**
   * scan: a per-row state machine over the serialized input. Expressions see a row scope of the record's columns
   * (input columns, then declared columns: `recordWidth` in all), followed by one block of `recordWidth` columns per
   * step holding that step's record in the state (referenced as `step.column`).
   */
  | { op: 'scan'; input: Plan; recordWidth: number; defaults: Expr[]; matchIdColumn: string | null;
      /** `partition by`: rows with different key values are matched independently (own state, own match ids). */
      partition: Expr[];
      steps: { name: string; output: 'all' | 'last' | 'none'; condition: Expr; assigns: { index: number; expr: Expr }[] }[];
      /** For each output column, its index in the record (or -1 for the match id column). */
      outputs: number[] }
  | { op: 'scope'; input: Plan } // a `let` view referenced by name (no-op; keeps the let's plan shared)
);

/**
 * Operators whose output columns are only known at run time (bag_unpack without a schema, pivot) keep them in one
 * hidden dynamic column, a property bag per row, named RUNTIME_COLUMNS + the name prefix. Later references to
 * such columns read the bag; the engine expands the bag into real columns when it reaches the result.
 */
export const RUNTIME_COLUMNS = '__runtime_columns|';

export function isColumnRef(e: Expr): e is Extract<Expr, { kind: 'column' }> {
  return e.kind === 'column';
}
