/**
 * Checks a case's outcome against its expectations and explains failures with a readable diff of the expected
 * alert fields against the actual ones (only the fields the test mentions are shown).
 */
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { Alert } from './alerts.ts';
import { parseInstant } from './duration.ts';
import type { Incident } from './incidents.ts';
import type { AlertExpectation, CountExpectation, TestCase } from './test-file.ts';

export interface CaseOutcome {
  alerts: Alert[];
  incidents: Incident[];
  /** Result rows (single run) or total result rows over all runs (schedule). */
  resultCount: number;
  runs: number;
}

export interface Failure {
  message: string;
  /** Unified diff, expected vs actual, when there is one to show. */
  diff?: string;
}

function countOk(expected: CountExpectation, actual: number): boolean {
  if (typeof expected === 'number') return actual === expected;
  return (expected.min === undefined || actual >= expected.min) && (expected.max === undefined || actual <= expected.max);
}
function countText(expected: CountExpectation): string {
  if (typeof expected === 'number') return String(expected);
  if (expected.min !== undefined && expected.max !== undefined) return `between ${expected.min} and ${expected.max}`;
  return expected.min !== undefined ? `at least ${expected.min}` : `at most ${expected.max}`;
}

const str = (v: unknown) => String(v);
const sorted = (xs: string[]) => [...xs].sort();
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function textMatches(expected: string, actual: string): boolean {
  return expected.startsWith('~') ? actual.includes(expected.slice(1).trim()) : expected === actual;
}

/**
 * The actual alert reduced to the fields an expectation names; a field that matches is given the expected
 * value's exact form, so a diff of the two shows only real differences.
 */
export function projectAlert(expected: AlertExpectation, actual: Alert | undefined): Record<string, unknown> | null {
  if (!actual) return null;
  const out: Record<string, unknown> = {};
  if (expected.firedAt !== undefined) {
    const e = parseInstant(expected.firedAt);
    out.firedAt = e && e.getTime() === Date.parse(actual.firedAt) ? expected.firedAt : actual.firedAt;
  }
  if (expected.name !== undefined) out.name = textMatches(expected.name, actual.name) ? expected.name : actual.name;
  if (expected.description !== undefined) {
    out.description = textMatches(expected.description, actual.description) ? expected.description : actual.description;
  }
  if (expected.severity !== undefined) out.severity = actual.severity;
  if (expected.tactics !== undefined) {
    out.tactics = same(sorted(expected.tactics), sorted(actual.tactics)) ? expected.tactics : actual.tactics;
  }
  if (expected.resultCount !== undefined) out.resultCount = actual.resultCount;
  if (expected.entities !== undefined) {
    const ents: Record<string, unknown> = {};
    for (const [type, list] of Object.entries(expected.entities)) {
      const actualOfType = actual.entities.filter((e) => e.type === type).map((e) => e.identifiers);
      // Each expected identifier map must match a distinct actual entity (its identifiers a subset of the actual's).
      const used = new Set<number>();
      let ok = list.length === actualOfType.length;
      for (const want of list) {
        const idx = actualOfType.findIndex((have, i) => !used.has(i) && Object.entries(want).every(([k, v]) => have[k] === str(v)));
        if (idx < 0) { ok = false; break; }
        used.add(idx);
      }
      ents[type] = ok ? list : actualOfType;
    }
    out.entities = ents;
  }
  if (expected.customDetails !== undefined) {
    const cd: Record<string, unknown> = {};
    for (const [key, want] of Object.entries(expected.customDetails)) {
      const have = actual.customDetails[key] ?? [];
      const wantList = (Array.isArray(want) ? want : [want]).map(str);
      cd[key] = same(sorted(wantList), sorted(have)) ? want : have.length === 1 ? have[0] : have;
    }
    out.customDetails = cd;
  }
  return Object.fromEntries(Object.keys(expected).filter((k) => k in out).map((k) => [k, out[k]]));
}

function diffText(expected: unknown, actual: unknown): string {
  const a = stringify(expected, { lineWidth: 0 });
  const b = stringify(actual, { lineWidth: 0 });
  return createTwoFilesPatch('expected', 'actual', a, b, undefined, undefined, { context: 3 })
    .split('\n')
    .filter((l) => !l.startsWith('==='))
    .join('\n')
    .trimEnd();
}

function summary(alerts: Alert[]): unknown[] {
  return alerts.slice(0, 20).map((a) => ({ firedAt: a.firedAt, name: a.name, resultCount: a.resultCount }));
}

function compareList(label: string, expected: AlertExpectation[], alerts: Alert[]): Failure | undefined {
  const projected = expected.map((e, i) => projectAlert(e, alerts[i]));
  if (same(expected, projected)) return undefined;
  const bad = expected.findIndex((e, i) => !same(e, projected[i]));
  return {
    message: `expect.${label}[${bad}] does not match the alert${alerts[bad] ? '' : ' (there is no such alert)'}`,
    diff: diffText(expected, projected),
  };
}

export function checkExpectations(c: TestCase, outcome: CaseOutcome): Failure[] {
  const failures: Failure[] = [];
  const e = c.expect;
  // A positive case must alert and a negative one must not, whatever else it states.
  const alertCount: CountExpectation = e.alerts ?? (c.kind === 'positive' ? { min: 1 } : 0);
  const n = outcome.alerts.length;
  if (c.kind === 'negative' && n > 0) {
    failures.push({ message: `negative case produced ${n} alert${n === 1 ? '' : 's'}; it must produce none`, diff: diffText([], summary(outcome.alerts)) });
  } else if (!countOk(alertCount, n)) {
    failures.push({ message: `expected ${countText(alertCount)} alert(s), got ${n}`, diff: n ? diffText(countText(alertCount), summary(outcome.alerts)) : undefined });
  }
  if (c.kind === 'positive' && n === 0 && e.alerts !== undefined && countOk(e.alerts, 0)) {
    failures.push({ message: 'a positive case must produce at least one alert; use kind: negative for a case that must not alert' });
  }
  if (e.results !== undefined && !countOk(e.results, outcome.resultCount)) {
    failures.push({ message: `expected ${countText(e.results)} query result row(s), got ${outcome.resultCount}` });
  }
  if (e.incidents !== undefined && !countOk(e.incidents, outcome.incidents.length)) {
    failures.push({ message: `expected ${countText(e.incidents)} incident(s), got ${outcome.incidents.length}` });
  }
  // With no alert at all, the count failure above says it; a field-by-field diff against nothing adds only noise.
  const noAlertToCompare = n === 0 && failures.length > 0;
  if (e.alert && !noAlertToCompare) {
    const f = compareList('alert', e.alert, outcome.alerts);
    if (f) failures.push(f);
  }
  if (e.timeline && !noAlertToCompare) {
    const f = compareList('timeline', e.timeline, outcome.alerts);
    if (f) failures.push(f);
  }
  return failures;
}
