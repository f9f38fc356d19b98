/** What a state check evaluator is: the id of a check in the baseline map, and its verdict on one HSM's facts. */
import type { CheckOutcome, HsmFacts, PostureThresholds, Readable } from '../model.ts';

export interface EvaluationContext { thresholds: PostureThresholds; now: Date }

export interface CheckEvaluator {
  /** The StateCheck id in src/coverage/practices.ts. */
  id: string;
  evaluate(facts: HsmFacts, context: EvaluationContext): CheckOutcome;
}

export const pass = (evidence: string, values?: Record<string, unknown>): CheckOutcome => ({ status: 'pass', evidence, values });
export const fail = (evidence: string, values?: Record<string, unknown>): CheckOutcome => ({ status: 'fail', evidence, values });
export const unknown = (evidence: string): CheckOutcome => ({ status: 'unknown', evidence });

/** The value of a Readable, or the unknown verdict that carries its reason. */
export function need<T>(r: Readable<T>): { value: T } | { outcome: CheckOutcome } {
  return r.ok ? { value: r.value } : { outcome: unknown(r.reason) };
}
