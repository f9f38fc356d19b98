/** `content test` reports a rule's KQL errors at the rule file's line:col, once per rule, as `content lint` does. */
import { describe, expect, it } from 'vitest';
import { content, edit, fixturePack, RULE } from '../fixture-pack.ts';

describe('a rule whose query does not bind', () => {
  it('is one problem at the rule file position lint reports, not an error per case and noise run', async () => {
    const dir = fixturePack();
    edit(dir, RULE, 'by User, Ip, Hsm', 'by User, Ipp, Hsm');
    const lint = await content(dir, 'lint', '--format', 'json');
    const lintKs142 = JSON.parse(lint.stdout).problems.find((p: { code: string }) => p.code === 'KS142');
    expect(lintKs142).toBeDefined();

    const r = await content(dir, 'test', '--ci', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const ks = report.problems.filter((p: { code: string }) => p.code === 'KS142');
    expect(ks).toHaveLength(1);
    expect(ks[0]).toMatchObject({ file: RULE, line: lintKs142.line, column: lintKs142.column, severity: 'error' });
    expect(ks[0].message).toContain("'Ipp'");
    expect(report.cases).toEqual([]); // no case ran against a query that does not bind
    expect(report.noise).toEqual([]);

    const text = await content(dir, 'test', '--ci');
    expect(text.stdout.match(/Ipp/g)).toHaveLength(1);
    expect(text.stdout).toContain(`${RULE}:${lintKs142.line}:${lintKs142.column}`);
    expect(text.stdout).not.toMatch(/at line \d+, column \d+/);
  });
});

describe('a rule the local engine cannot run', () => {
  it('is one replay-unsupported problem at the construct, as lint reports it, not an error per case', async () => {
    const dir = fixturePack();
    edit(dir, RULE, 'by User, Ip, Hsm', 'by User, Ip, Hsm\n  | extend Geo = geo_info_from_ip_address(Ip)');
    const r = await content(dir, 'test', '--ci', '--no-variants', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const found = report.problems.filter((p: { code: string }) => p.code === 'replay-unsupported');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: RULE, line: 20, severity: 'error' });
    expect(found[0].message).toContain('geo_info_from_ip_address');
    expect(report.cases).toEqual([]);
    expect(report.summary.rules).toBe(1); // the rule was tested, and failed: not "0 rules"
  });
});
