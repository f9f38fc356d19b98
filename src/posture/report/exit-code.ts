/**
 * Whether a posture run fails CI: any failed check, or with `require` only failures of the named checks or of the
 * checks of the named practices (unknown ids are the caller's usage error, see `unknownRequirements`).
 */
import type { PostureReport } from '../model.ts';

export function requiredChecks(report: Pick<PostureReport, 'checks'>, require: string[] | undefined): Set<string> {
  if (!require?.length) return new Set(report.checks.map((c) => c.id));
  return new Set(report.checks.filter((c) => require.includes(c.id) || require.includes(c.practice)).map((c) => c.id));
}

export function unknownRequirements(report: Pick<PostureReport, 'checks'>, require: string[]): string[] {
  return require.filter((r) => !report.checks.some((c) => c.id === r || c.practice === r));
}

export function postureFailed(report: PostureReport, options: { require?: string[]; failOnUnknown?: boolean } = {}): boolean {
  const required = requiredChecks(report, options.require);
  return report.hsms.some((h) => h.results.some((r) => required.has(r.check) && (r.status === 'fail' || (options.failOnUnknown && r.status === 'unknown'))));
}
