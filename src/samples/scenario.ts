/** A sample scenario: the events of one area (an attack and its benign look-alikes), in every table they touch. */
import type { HsmEvent } from './hsm-records.ts';
import type { ActivityEvent, IndicatorEvent, SigninEvent } from './azure-records.ts';

export interface Scenario {
  /** Folder under samples/scenarios/ (the rule area). */
  area: string;
  /** What happens, in order; written to the scenario's README. */
  story: string[];
  hsm?: HsmEvent[];
  activity?: ActivityEvent[];
  signins?: SigninEvent[];
  indicators?: IndicatorEvent[];
}

/** Minutes after a base time as ISO-8601 UTC (seconds precision), e.g. `at('2026-11-20T11:00:00Z', 5.5)`. */
export function at(base: string, minutes: number): string {
  return new Date(Date.parse(base) + Math.round(minutes * 60_000)).toISOString().replace('.000Z', 'Z');
}

/** `count` events spread evenly over `spanMinutes` starting at `base`. */
export function spread(count: number, base: string, spanMinutes: number, make: (time: string, i: number) => HsmEvent): HsmEvent[] {
  return Array.from({ length: count }, (_, i) => make(at(base, (spanMinutes * i) / Math.max(1, count)), i));
}
