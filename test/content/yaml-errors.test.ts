/** YAML parser errors in plain words, at the mistake's line, with the likely cause, in every YAML file read. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/deploy/config.ts';
import { parseWorkbookSource } from '../../src/workbooks/source.ts';
import { parseTestFile } from '../../src/replay/test-file.ts';
import { content, edit, fixturePack, RULE } from '../fixture-pack.ts';

describe('YAML errors', () => {
  it('a query line indented less than its block scalar: the line, and that the block ended there', async () => {
    const dir = fixturePack();
    edit(dir, RULE, '  | where Operation == "SecurityDomainDownload"', ' | where Operation == "SecurityDomainDownload"');
    const r = await content(dir, 'lint', '--format', 'json', RULE);
    expect(r.code).toBe(1);
    const [p] = JSON.parse(r.stdout).problems;
    expect(p).toMatchObject({ line: 18, column: 2, code: 'yaml-syntax' });
    expect(p.message).toContain('this line is indented less than the "query: |" block started on line 16');
    expect(p.message).toContain('indent it to at least 2 spaces');
    expect(p.message).toMatch(/\(YAML parser: .+\)$/); // the parser's own words stay searchable
  });

  it('a list item out of line with the items above it ("A block sequence may not be used as an implicit map key")', async () => {
    const dir = fixturePack();
    edit(dir, RULE, 'tactics:\n  - Exfiltration', 'tactics:\n  - Exfiltration\n - Collection');
    const [p] = JSON.parse((await content(dir, 'lint', '--format', 'json', RULE)).stdout).problems;
    expect(p).toMatchObject({ line: 14, column: 1, code: 'yaml-syntax' });
    expect(p.message).toMatch(/^YAML cannot tell where a key ends here/);
    expect(p.message).toContain('this list item\'s "-" is in column 2 but the item above it (line 13) has it in column 3');
    expect(p.message).toContain('(YAML parser: A block sequence may not be used as an implicit map key)');
  });

  it('an unclosed bracket at the bracket, in a rule test, a workbook and the deploy config', () => {
    const t = parseTestFile('cases:\n  - name: a\n    kind: positive\n    data: [x.jsonl\n    now: 2026-11-20T12:00:00Z\n', 'b.test.yaml');
    expect(t.problems[0]).toMatchObject({ line: 4, column: 11 });
    expect(t.problems[0]!.message).toContain('this "[" has no matching "]"');
    const w = parseWorkbookSource('name: x\nitems: [a\n', 'workbooks/x.yaml');
    expect(w.problems[0]).toMatchObject({ line: 2, column: 8, code: 'WB000' });
    expect(w.problems[0]!.message).toContain('this "[" has no matching "]"');
    let thrown: { message: string; line?: number; column?: number } | undefined;
    try {
      parseConfig('environments:\n  dev: { workspace: [a }\n', 'content.config.yaml');
    } catch (e) {
      thrown = e as never;
    }
    expect(thrown?.message).toContain('not closed');
  });

  it('a value with ": " in it, and a key indented under a value ("Nested mappings are not allowed in compact mappings")', async () => {
    const dir = fixturePack();
    edit(dir, RULE, 'name: Demo security domain download', 'name: Demo: security domain download');
    const [p] = JSON.parse((await content(dir, 'lint', '--format', 'json', RULE)).stdout).problems;
    expect(p).toMatchObject({ line: 2, code: 'yaml-syntax' });
    expect(p.message).toMatch(/^the value on this line contains ": ", which YAML reads as another key; put the whole value in quotes/);
    const t = parseTestFile('cases:\n  - name: a\n    kind: positive\n    now: 2026-11-20T12:00:00Z\n      rows: {}\n', 'c.test.yaml');
    expect(t.problems[0]).toMatchObject({ line: 4 });
    expect(t.problems[0]!.message).toContain('line 5 ("rows: {}") is indented under this line\'s key');
  });

  it('a line without the colon after its key', async () => {
    const dir = fixturePack();
    edit(dir, RULE, 'triggerThreshold: 0', 'triggerThreshold 0');
    const [p] = JSON.parse((await content(dir, 'lint', '--format', 'json', RULE)).stdout).problems;
    expect(p).toMatchObject({ line: 11, column: 1, code: 'yaml-syntax' });
    expect(p.message).toContain('"triggerThreshold 0" has no ":" after its key');
  });
});
