/**
 * Replay benchmarks (npm run bench:replay):
 *  1. the scheduler over 7 days of synthetic events for the fixture rule (runs per second, alerts);
 *  2. the whole pack's tests as `content test` runs them, the noise budget over the baseline included.
 */
import { resolve } from 'node:path';
import { discoverSuite, KqlReplay, simulate, testContent, summarise } from '../src/replay/index.ts';

const root = resolve(import.meta.dirname, '..');

async function schedulerBench(): Promise<void> {
  const pack = resolve(root, 'test/replay/fixtures/pack');
  const suite = discoverSuite(pack);
  const entry = suite.entries[0]!;
  const env = new KqlReplay(pack, suite.tables, suite.functions);
  const from = Date.parse('2026-11-01T00:00:00Z');
  const days = 7;
  const perHour = 300;
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < days * 24 * perHour; i++) {
    const t = from + Math.floor((i * 3_600_000) / perHour);
    rows.push({
      TimeGenerated: new Date(t).toISOString(),
      User: `user${i % 40}@contoso.com`,
      Ip: `192.0.2.${i % 200}`,
      Operation: i % 997 === 0 ? 'SecurityDomainDownload' : 'Sign',
      Hsm: i % 2 ? 'hsm-a' : 'hsm-b',
    });
  }
  const plain = env.recordsDatabase({ DemoEvents: rows }, 'bench');
  const indexed = env.indexByTime(env.recordsDatabase({ DemoEvents: rows }, 'bench'));
  for (const [frequency, db, label] of [['1h', plain, 'scan'], ['5m', plain, 'scan'], ['5m', indexed, 'time index']] as const) {
    const rule = { ...entry.rule, queryFrequencyMs: frequency === '1h' ? 3_600_000 : 300_000 };
    const started = performance.now();
    const t = await simulate(rule, env, db, { from: new Date(from), to: new Date(from + days * 86_400_000), keepRuns: true });
    const ms = performance.now() - started;
    console.log(
      `scheduler (${label}): ${rows.length} rows, ${days} days, every ${frequency}: ${t.runs.length} runs in ${ms.toFixed(0)} ms ` +
        `(${((t.runs.length / ms) * 1000).toFixed(0)} runs/s), ${t.alerts.length} alerts, ${t.incidents.length} incidents`,
    );
  }
}

async function packBench(): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { report } = await testContent(root, { ci: true });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // The machine is shared: CPU time is the figure to compare between runs, wall time depends on the load.
  const cpuMs = (used.user + used.system) / 1000;
  const s = summarise(report);
  const caseMs = report.cases.reduce((a, c) => a + c.durationMs, 0);
  const noiseMs = report.noise.reduce((a, n) => a + n.durationMs, 0);
  console.log(
    `pack: ${s.rules} rules, ${s.cases} cases (${s.passed} passed, ${s.failed} failed, ${s.errors} errors) in ${ms.toFixed(0)} ms ` +
      `(CPU ${cpuMs.toFixed(0)} ms); ` +
      `cases ${caseMs.toFixed(0)} ms, noise budget ${noiseMs.toFixed(0)} ms over ${report.noise.length} rules`,
  );
  const slow = [...report.noise].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
  for (const n of slow) console.log(`  noise ${n.ruleName}: ${n.durationMs.toFixed(0)} ms, ${n.alertsPerDay} alerts/day`);
}

await schedulerBench();
if (!process.env.BENCH_SKIP_PACK) await packBench();
