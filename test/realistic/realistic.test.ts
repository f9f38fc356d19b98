/**
 * Replays the pack over the realistic corpus (test/realistic/<scenario>/): log data written from Azure's documented
 * record shapes, independently of the pack's rules and samples. Each scenario is loaded once; each rule it names is
 * run through Sentinel's scheduler simulated over the scenario's schedule window. One test per scenario and rule:
 * rules under expect.alert must alert at least once, rules under expect.quiet must not, rules under expect.once
 * must alert exactly once. A rule listed under knownMisses is asserted to still miss, and one under knownNoise to
 * still alert where it should not, so both lists stay true: the test fails when the rule is fixed.
 */
import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataDirectory, type Database } from '../../src/kql/index.ts';
import { discoverSuite, replayEnvironment, runTimes, simulate, type Timeline } from '../../src/replay/index.ts';
import { formatProblem, readScenario, scenarioDirs, unknownColumns, type RuleRef, type Scenario } from './corpus.ts';

const root = resolve(import.meta.dirname, '../..');
const suite = discoverSuite(root);
const env = replayEnvironment(root, suite.tables, suite.functions);
const rules = new Map(suite.entries.map((e) => [e.rule.id.toLowerCase(), e]));
const columns = new Map(suite.tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
const read = scenarioDirs(import.meta.dirname).map((dir) => ({ dir, ...readScenario(root, dir) }));

const ruleLabel = (id: string) => {
  const e = rules.get(id);
  return e ? `${basename(e.ruleFile).replace(/\.ya?ml$/, '')} (${id})` : id;
};

describe('realistic corpus', () => {
  it('every scenario.yaml is valid and names rules of the pack', () => {
    const problems = read.flatMap((r) => r.problems.map(formatProblem));
    for (const { scenario } of read) {
      if (!scenario) continue;
      for (const ref of [...scenario.alert, ...scenario.quiet, ...scenario.once]) {
        if (!rules.has(ref.id)) problems.push(`${scenario.file}:${ref.line}:${ref.column}: no rule with id ${ref.id} under detections/`);
      }
      if (!scenario.sources.length) problems.push(`${scenario.file}:1:1: sources is empty: name the public sources the records follow`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('every record property is a column of its table schema', () => {
    const problems = read.flatMap((r) => unknownColumns(root, r.dir, (t) => columns.get(t))).map(formatProblem);
    expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
  });

  it('covers both Managed HSM tables, Azure Activity, sign-ins and threat intelligence', () => {
    const tables = new Set(read.flatMap((r) => loadTables(r.dir)));
    for (const t of ['AzureDiagnostics', 'AZKVAuditLogs', 'AzureActivity', 'SigninLogs', 'ThreatIntelligenceIndicator']) {
      expect(tables.has(t), `no scenario has a ${t}.jsonl`).toBe(true);
    }
  });
});

function loadTables(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => f.replace(/\.jsonl$/, ''));
}

function scenarioTests(s: Scenario): void {
  let db: Database | undefined;
  const timelines = new Map<string, Promise<Timeline>>();
  const data = (): Database => (db ??= env.indexByTime(loadDataDirectory(s.dir, suite.tables)));
  const timeline = (id: string): Promise<Timeline> => {
    let t = timelines.get(id);
    if (!t) {
      const entry = rules.get(id)!;
      t = simulate(entry.rule, env, data(), { from: s.from, to: s.to, keepRuns: false });
      timelines.set(id, t);
    }
    return t;
  };
  const runsOrFail = (ref: RuleRef): void => {
    const entry = rules.get(ref.id);
    if (!entry) throw new Error(`${s.file}:${ref.line}:${ref.column}: no rule with id ${ref.id}`);
    const n = runTimes(entry.rule, s.from, s.to).length;
    if (!n) throw new Error(`${s.file}:${ref.line}:${ref.column}: ${ruleLabel(ref.id)} never runs between ${s.from.toISOString()} and ${s.to.toISOString()} (it runs every ${entry.rule.queryFrequencyMs / 60_000} minutes): widen the schedule`);
  };
  const alertList = (t: Timeline) => t.alerts.map((a) => `  ${a.firedAt}  ${a.name}`).join('\n');
  const known = new Map(s.knownMisses.map((m) => [m.id, m]));
  const noisy = new Map(s.knownNoise.map((m) => [m.id, m]));

  describe(s.name, () => {
    for (const ref of s.alert) {
      const miss = known.get(ref.id);
      if (miss) {
        it(`${s.name}: ${ruleLabel(ref.id)} still misses (known: ${miss.why})`, async () => {
          runsOrFail(ref);
          const t = await timeline(ref.id);
          expect(t.alerts.length, `${s.name}: ${ruleLabel(ref.id)} now alerts, so the known miss is fixed: remove it from knownMisses in ${s.file}\n${alertList(t)}`).toBe(0);
        });
      } else {
        it(`${s.name}: ${ruleLabel(ref.id)} alerts`, async () => {
          runsOrFail(ref);
          const t = await timeline(ref.id);
          expect(t.alerts.length, `${s.name}: ${ruleLabel(ref.id)} raised no alert between ${s.from.toISOString()} and ${s.to.toISOString()}; the scenario says it must (${s.file}:${ref.line})`).toBeGreaterThan(0);
        });
      }
    }
    for (const ref of s.quiet) {
      const noise = noisy.get(ref.id);
      if (noise) {
        it(`${s.name}: ${ruleLabel(ref.id)} still alerts (known noise: ${noise.why})`, async () => {
          runsOrFail(ref);
          const t = await timeline(ref.id);
          expect(t.alerts.length, `${s.name}: ${ruleLabel(ref.id)} is now quiet, so the known noise is fixed: remove it from knownNoise in ${s.file}`).toBeGreaterThan(0);
        });
        continue;
      }
      it(`${s.name}: ${ruleLabel(ref.id)} stays quiet`, async () => {
        runsOrFail(ref);
        const t = await timeline(ref.id);
        expect(t.alerts.length, `${s.name}: ${ruleLabel(ref.id)} raised ${t.alerts.length} alert(s) on activity the scenario calls benign or unrelated (${s.file}:${ref.line}):\n${alertList(t)}`).toBe(0);
      });
    }
    for (const ref of s.once) {
      if (known.has(ref.id)) continue;
      const noise = noisy.get(ref.id);
      if (noise) {
        it(`${s.name}: ${ruleLabel(ref.id)} still alerts more than once for one event (known noise: ${noise.why})`, async () => {
          runsOrFail(ref);
          const t = await timeline(ref.id);
          expect(t.alerts.length, `${s.name}: ${ruleLabel(ref.id)} now alerts ${t.alerts.length} time(s), so the known noise is fixed: remove it from knownNoise in ${s.file}`).toBeGreaterThan(1);
        });
        continue;
      }
      it(`${s.name}: ${ruleLabel(ref.id)} alerts exactly once`, async () => {
        runsOrFail(ref);
        const t = await timeline(ref.id);
        expect(t.alerts.length, `${s.name}: ${ruleLabel(ref.id)} raised ${t.alerts.length} alerts for one event (${s.file}:${ref.line}):\n${alertList(t)}`).toBe(1);
      });
    }
  });
}

for (const { scenario } of read) if (scenario) scenarioTests(scenario);
