/**
 * The order test files start in: the longest first, so that no long file starts when the other worker is nearly
 * done. Vitest orders by the durations of an earlier run, which a fresh clone (and CI) does not have, and then by
 * file size, which says little here (the longest files are short ones that replay the whole pack or start
 * processes). The files named below start first, in this order; the rest follow in vitest's own order.
 *
 * Durations on an idle 2-core machine, after the parser's binding cache (seconds, `vitest run --reporter=json`).
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONGEST_FIRST = [
  'test/cli/launcher.test.ts', // child processes: cold builds of the fast-start caches
  'test/deploy/pipelines.test.ts', // every command of the example pipelines over the whole pack
  'test/workbooks/preview-browser.test.ts', // chromium
  'test/deploy/first-deploy.test.ts',
  'test/coverage/mutation.test.ts',
  'test/workbooks/replay.test.ts',
  'test/cli/watch.test.ts',
  'test/deploy/defender.test.ts',
  'test/rules/shard-1.test.ts',
  'test/rules/shard-2.test.ts',
  'test/rules/shard-3.test.ts',
  'test/deploy/deploy.test.ts',
  'test/lint/fix.test.ts',
  'test/lint/cache.test.ts',
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.indexOf(relative(f.project.config.root, f.moduleId).split('\\').join('/'));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the files not named keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
