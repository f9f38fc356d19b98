/**
 * The KQL docs conformance corpus (a copy of ../shared/kql-conformance/dev.json, with its url/doc attribution)
 * run through the engine. Passes while the pass rate over in-scope cases (no graph operators, no external plugins)
 * stays at or above the floor recorded in conformance/floor.json; prints the rate and the failing ids by reason.
 * Set CONFORMANCE_REPORT=<file> to write every verdict as JSON.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outOfScope, type ConformanceCase } from './conformance/compare.ts';
import { report, runCorpus } from './conformance/run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CANDIDATES = [join(here, 'conformance', 'dev.json'), join(here, '..', '..', '..', 'shared', 'kql-conformance', 'dev.json')];
const corpusPath = CANDIDATES.find((p) => existsSync(p));
const floor = JSON.parse(readFileSync(join(here, 'conformance', 'floor.json'), 'utf8')) as { passRate: number };

describe.skipIf(!corpusPath)('KQL docs conformance corpus', () => {
  it(`passes at least the recorded floor of in-scope cases`, () => {
    const all = JSON.parse(readFileSync(corpusPath!, 'utf8')) as ConformanceCase[];
    const inScope = all.filter((c) => outOfScope(c) === null);
    const outcomes = runCorpus(inScope);
    const { rate, text } = report('conformance', all, inScope, outcomes, floor.passRate);
    console.log(text);
    if (process.env.CONFORMANCE_REPORT) writeFileSync(process.env.CONFORMANCE_REPORT, JSON.stringify(outcomes, null, 2));
    expect(rate).toBeGreaterThanOrEqual(floor.passRate);
  }, 180_000);
});

if (!corpusPath) console.log(`conformance corpus not found (looked in ${CANDIDATES.join(', ')}); skipping`);
