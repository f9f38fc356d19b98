/**
 * Whether the local engine can replay each rule, judged on the trees the lint has already bound (nothing is parsed
 * twice): a workspace function's body once, each rule as bound against the function stubs, and a rule inherits the
 * verdict of the functions it calls. Reported as info findings: `replay-ok` or one `replay-unsupported` per construct.
 */
import type { AnalyticRule, Problem } from '../content/index.ts';
import { replayabilityOf, type ReplayabilityReport } from '../kql/index.ts';

export type ReplayVerdict = ReplayabilityReport;

/** The engine's verdict on a bound query; a failure of the engine's own analysis counts as not replayable. */
export function replayVerdict(code: unknown): ReplayVerdict {
  try {
    return replayabilityOf(code);
  } catch (e) {
    return { replayable: false, unsupported: [{ name: `a construct the engine could not analyse (${(e as Error)?.message ?? e})`, start: 0, length: 0 }] };
  }
}

export function replayFindings(rule: AnalyticRule, verdict: ReplayVerdict, called: Set<string>, functionVerdicts: Map<string, string[]>): Problem[] {
  const unsupported = [...verdict.unsupported];
  for (const name of called) {
    for (const why of functionVerdicts.get(name) ?? []) unsupported.push({ name: `${name}() uses ${why}`, start: 0, length: 0 });
  }
  if (verdict.replayable && !unsupported.length) {
    const at = rule.source.locate('query');
    const pos = at.key ?? at.value;
    return [{ file: rule.source.file, line: pos.line, column: pos.column, code: 'replay-ok', severity: 'info', message: 'the local engine can replay this rule' }];
  }
  return unsupported.map((u) => {
    const pos = rule.querySource.positionAt(u.start);
    return { file: rule.source.file, line: pos.line, column: pos.column, code: 'replay-unsupported', severity: 'info',
      message: `the local engine cannot replay this rule: ${u.name}` } satisfies Problem;
  });
}
