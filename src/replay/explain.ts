/**
 * Why a case did not come out as expected: the rule's query is run again, one pipeline step longer each time, over
 * the same data, now() and queryPeriod window, and the number of rows after every step is shown. A positive case
 * with no alert shows the step that dropped the last row; a negative case that alerted shows what let rows through.
 */
import { pipelineSteps } from '../kql/index.ts';
import type { ReplayEngine, RunRequest } from './engine.ts';

const STEP_WIDTH = 72;

/** The table of row counts, or undefined when the query is a single step or a prefix cannot run. */
export async function explainRowCounts<D>(engine: ReplayEngine<D>, query: string, data: D, request: RunRequest): Promise<string | undefined> {
  const steps = pipelineSteps(query);
  if (steps.length < 2) return undefined;
  const counts: number[] = [];
  for (const step of steps) {
    try {
      counts.push((await engine.run(step.prefix, data, request)).rows.length);
    } catch {
      return undefined;
    }
  }
  const width = Math.max(...counts.map((n) => String(n).length));
  const emptiedAt = counts.findIndex((n, i) => n === 0 && (i === 0 || counts[i - 1]! > 0));
  return steps.map((step, i) => {
    const oneLine = step.text.replace(/\s+/g, ' ');
    const shown = `${i ? '| ' : ''}${oneLine.length > STEP_WIDTH ? `${oneLine.slice(0, STEP_WIDTH - 3)}...` : oneLine}`;
    const marker = i === emptiedAt ? (i === 0 ? '   <- no rows in the window' : '   <- no rows left after this step') : '';
    return `${String(counts[i]).padStart(width)}  ${shown}${marker}`;
  }).join('\n');
}
