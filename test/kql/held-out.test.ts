/**
 * Held-out examples of Microsoft's KQL reference (conformance/held-out.json): the kusto examples and documented
 * output tables of MicrosoftDocs/dataexplorer-docs, data-explorer/kusto/query/ (commit 1bbb122c, the commit of
 * ../shared/kql-conformance), selected by the rules of that corpus's README and not in dev.json. Each case keeps
 * its doc path, URL and line (docs CC BY 4.0, code samples MIT, © Microsoft). The engine was not tuned on them:
 * the rate is evidence of the language coverage, compared with the same rules (conformance/compare.ts).
 * About 8 s of CPU, so not part of `npm test`: `npm run held-out` runs it (KQL_HELD_OUT=1). Set
 * CONFORMANCE_REPORT=<file> to write every verdict as JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outOfScope, type ConformanceCase } from './conformance/compare.ts';
import { report, runCorpus } from './conformance/run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const floor = JSON.parse(readFileSync(join(here, 'conformance', 'floor.json'), 'utf8')) as { heldOutPassRate: number };

describe.skipIf(!process.env.KQL_HELD_OUT)('KQL reference examples held out of the conformance corpus', () => {
  it('pass at least the recorded floor of in-scope cases', () => {
    const all = JSON.parse(readFileSync(join(here, 'conformance', 'held-out.json'), 'utf8')) as ConformanceCase[];
    const inScope = all.filter((c) => outOfScope(c) === null);
    const outcomes = runCorpus(inScope);
    const { rate, text } = report('held-out', all, inScope, outcomes, floor.heldOutPassRate);
    console.log(text);
    if (process.env.CONFORMANCE_REPORT) writeFileSync(process.env.CONFORMANCE_REPORT, JSON.stringify(outcomes, null, 2));
    expect(rate).toBeGreaterThanOrEqual(floor.heldOutPassRate);
  }, 300_000);
});
