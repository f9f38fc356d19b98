/**
 * Golden snapshots of each rule's alerts on its cases: `<rule dir>/__snapshots__/<rule>.snap.json`, one entry per
 * case holding the alerts (and incidents) it produced. A mismatch fails the case; `--update-snapshots` rewrites the
 * file (dropping entries of cases that no longer exist). Each entry also records the case's verdict under each
 * variant, so that a rule that stops surviving a variant shows as a change, and coverage reads robustness from here. A passing case without an entry is recorded when writing
 * is allowed (not in CI), as snapshot tools usually do.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { alertFacts } from './alerts.ts';
import type { CaseOutcome } from './expect.ts';

export interface SnapshotEntry {
  alerts: unknown[];
  incidents: { title: string; severity: string; createdAt: string; alerts: number[] }[];
  /** The case's verdict under each variant that applies (pass, declined, break, error), when variants were run. */
  variants?: Record<string, string>;
}

export function snapshotPath(rootAbs: string, ruleFile: string): string {
  return join(rootAbs, dirname(ruleFile), '__snapshots__', `${basename(ruleFile).replace(/\.ya?ml$/, '')}.snap.json`);
}

export function toSnapshot(outcome: CaseOutcome, variants?: { variant: string; status: string }[]): SnapshotEntry {
  const entry: SnapshotEntry = {
    alerts: outcome.alerts.map(alertFacts),
    incidents: outcome.incidents.map((i) => ({ title: i.title, severity: i.severity, createdAt: i.createdAt, alerts: i.alerts })),
  };
  if (variants) entry.variants = Object.fromEntries(variants.map((v) => [v.variant, v.status]));
  return entry;
}

export type SnapshotMode = 'check' | 'update' | 'off';

export interface SnapshotVerdict { status: 'match' | 'mismatch' | 'written' | 'missing'; diff?: string }

/** One rule's snapshot file, read once, checked case by case, written at the end when anything changed. */
export class SnapshotFile {
  private readonly stored: Record<string, SnapshotEntry>;
  /** Every case checked in this run, as it came out (what an update writes). */
  private readonly next: Record<string, SnapshotEntry> = {};
  /** New entries recorded in check mode (passing cases that had none). */
  private readonly recorded: Record<string, SnapshotEntry> = {};
  private dirty = false;

  constructor(readonly path: string, private readonly mode: SnapshotMode, private readonly allowNew: boolean) {
    this.stored = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, SnapshotEntry>) : {};
  }

  /**
   * `passed`: whether the case met its own expectations. A new entry is recorded only for a passing case (or on
   * update): a golden copy of a failing case would lock in the wrong alerts.
   */
  check(caseName: string, outcome: CaseOutcome, passed = true, variants?: { variant: string; status: string }[]): SnapshotVerdict {
    const stored = this.stored[caseName];
    const actual = toSnapshot(outcome, variants);
    // A run without variants (--no-variants) checks the alerts and keeps the recorded variant verdicts.
    if (!variants && stored?.variants) actual.variants = stored.variants;
    this.next[caseName] = actual;
    const a = JSON.stringify(actual, null, 2);
    if (stored === undefined) {
      if (this.mode === 'update' || (this.mode === 'check' && this.allowNew && passed)) {
        this.recorded[caseName] = actual;
        this.dirty = true;
        return { status: 'written' };
      }
      return { status: 'missing' };
    }
    const s = JSON.stringify(stored, null, 2);
    if (s === a) return { status: 'match' };
    if (this.mode === 'update') {
      this.dirty = true;
      return { status: 'written' };
    }
    const diff = createTwoFilesPatch('snapshot', 'actual', `${s}\n`, `${a}\n`, undefined, undefined, { context: 2 })
      .split('\n').filter((l) => !l.startsWith('===')).join('\n').trimEnd();
    return { status: 'mismatch', diff };
  }

  /** Writes the file when a case was recorded or updated; on update also drops entries of removed cases. */
  save(): boolean {
    const removed = this.mode === 'update' && Object.keys(this.stored).some((k) => !(k in this.next));
    if (!this.dirty && !removed) return false;
    const merged: Record<string, SnapshotEntry> = this.mode === 'update' ? { ...this.next } : { ...this.stored, ...this.recorded };
    mkdirSync(dirname(this.path), { recursive: true });
    const sortedKeys = Object.keys(merged).sort();
    writeFileSync(this.path, `${JSON.stringify(Object.fromEntries(sortedKeys.map((k) => [k, merged[k]])), null, 2)}\n`);
    return true;
  }
}
