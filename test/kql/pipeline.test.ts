import { describe, expect, it } from 'vitest';
import { pipelineSteps } from '../../src/kql/index.ts';

describe('pipelineSteps', () => {
  it('splits the final pipeline into runnable prefixes, keeping the lets and leaving out trailing comments', () => {
    const query = 'let x = 1;\nT\n| where a > x // a comment\n| summarize count() by b\n';
    expect(pipelineSteps(query)).toEqual([
      { prefix: 'let x = 1;\nT', text: 'T', start: 11 },
      { prefix: 'let x = 1;\nT\n| where a > x', text: 'where a > x', start: 15 },
      { prefix: 'let x = 1;\nT\n| where a > x // a comment\n| summarize count() by b', text: 'summarize count() by b', start: 42 },
    ]);
  });
  it('does not split pipelines nested in an operator', () => {
    const steps = pipelineSteps('A | join (B | where y > 1) on k | project k');
    expect(steps.map((s) => s.text)).toEqual(['A', 'join (B | where y > 1) on k', 'project k']);
  });
  it('gives one step for a query without pipes and none for a query ending in a let', () => {
    expect(pipelineSteps('union A, B').map((s) => s.text)).toEqual(['union A, B']);
    expect(pipelineSteps('let x = 1;')).toEqual([]);
  });
});
