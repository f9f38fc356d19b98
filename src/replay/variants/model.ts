/**
 * Variant testing: a catalogue of named transformations of a test case's data, each modelling a way real logs or
 * real attacks differ from the case as written. A positive case must still alert under every variant that applies
 * to its data; a negative case must stay quiet under every shape variant. A rule may decline a variant only with a
 * written reason (and, when another rule covers it, that rule must alert on the variant's data).
 */
import type { TableSchema } from '../../kql/index.ts';
import type { ReplayRule } from '../rule.ts';
import type { Rows } from './records.ts';

/**
 * shape: the same events written the way Azure also writes them (what happened is unchanged).
 * attack: the same attack done another way (spread, slowed, mixed with benign traffic).
 */
export type VariantKind = 'shape' | 'attack';

/**
 * What must still hold under the variant:
 *  - expectations: the case's own expectations (counts, alert fields) and the output policies;
 *  - alert-count: as many alerts as the case raises as written;
 *  - verdict: a positive case alerts at least once, a negative case never.
 */
export type VariantKeeps = 'expectations' | 'alert-count' | 'verdict';

export type VariantRun = { now: Date; schedule?: undefined } | { now?: undefined; schedule: { from: Date; to: Date } };

export interface VariantInput {
  rule: ReplayRule;
  kind: 'positive' | 'negative';
  /** The case's rows by table (data files and inline rows), limited to what the case's runs can see. */
  rows: Rows;
  run: VariantRun;
  /** [start, end) in epoch ms where the detected activity is: the last run interval, or the whole schedule. */
  focus: { start: number; end: number };
  /** Tables the rule's query reads (directly or through the workspace functions it calls). */
  tables: Set<string>;
  /** The table schemas the case is bound with. */
  schemas: Map<string, TableSchema>;
}

export interface VariantData {
  rows: Rows;
  /** Replaces the case's run (a single run becomes a schedule, say). */
  run?: VariantRun;
  /** Rows without `_IngestionTime` are ingested this long after their TimeGenerated. */
  ingestionDelayMs?: number;
  /** Table schemas that replace the case's (columns a workspace has not ingested). */
  schemas?: TableSchema[];
}

export interface Variant {
  id: string;
  kind: VariantKind;
  /** One line: what the variant does to the data. */
  title: string;
  /** The real-world behaviour it models. */
  models: string;
  /** Public source of that behaviour. */
  source: string;
  keeps: VariantKeeps;
  /** Case kinds the variant runs on (attack variants: positive only). */
  cases: ('positive' | 'negative')[];
  /** The transformed data, or undefined when the variant does not apply (it would change nothing the rule reads). */
  apply(input: VariantInput): VariantData | undefined;
}

export type VariantStatus = 'pass' | 'break' | 'declined' | 'error';

export interface VariantResult {
  variant: string;
  kind: VariantKind;
  status: VariantStatus;
  /** Alerts raised under the variant (undefined when declined or on error). */
  alerts?: number;
  /** Why it broke, or the error. */
  message?: string;
  /** A declined variant's written reason, and the rule that covers it, if any. */
  reason?: string;
  coveredBy?: string;
}

/** A written decline: `variant-id: reason`, or `{ reason, coveredBy: <rule id or file stem> }`. */
export interface VariantDecline {
  reason: string;
  coveredBy?: string;
}
