/** Unknown subcommands with --help, and exit codes as eslint's (warnings alone exit 0), through the real CLI. */
import { describe, expect, it } from 'vitest';
import { content, edit, fixturePack, RULE } from '../fixture-pack.ts';

describe('unknown commands with --help', () => {
  it('fail as an unknown command does, at the top level and under a command group', async () => {
    const dir = fixturePack();
    const plain = await content(dir, 'export');
    expect(plain.code).toBe(2);
    for (const argv of [['export', '--help'], ['export', '-h'], ['lnt', '--help']]) {
      const r = await content(dir, ...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`unknown command '${argv[0]}'`);
      expect(r.stdout).toBe('');
    }
    expect((await content(dir, 'lnt', '--help')).stderr).toContain('Did you mean lint?');
    const nested = await content(dir, 'samples', 'nosuch', '--help');
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain("unknown command 'nosuch'");
  });

  it('still print help for real commands, subcommands and command arguments', async () => {
    const dir = fixturePack();
    for (const argv of [['--help'], ['lint', '--help'], ['samples', 'generate', '--help'], ['lint', 'detections', '--help'], ['help', 'lint']]) {
      const r = await content(dir, ...argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: content');
    }
  });
});

describe('exit codes', () => {
  it('lint: warnings alone exit 0, --max-warnings N makes more than N exit 1, errors exit 1', async () => {
    const dir = fixturePack();
    // `contains` on a whole term is a kql-prefer-has warning.
    edit(dir, RULE, 'where Operation == "SecurityDomainDownload"', 'where Operation contains "SecurityDomainDownload"');
    const warned = await content(dir, 'lint', '--format', 'json');
    expect(warned.stdout).toContain('kql-prefer-has');
    expect(warned.code).toBe(0);
    expect((await content(dir, 'lint', '--max-warnings', '0')).code).toBe(1);
    expect((await content(dir, 'lint', '--max-warnings', '5')).code).toBe(0);
    edit(dir, RULE, 'by User, Ip, Hsm', 'by User, Ipp, Hsm');
    expect((await content(dir, 'lint')).code).toBe(1);
  });

  it('help and the README state the same convention', async () => {
    const dir = fixturePack();
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/Exit codes everywhere, as eslint's: 0 clean or warnings only, 1 errors or failures/);
    for (const cmd of ['lint', 'test', 'check']) {
      const help = (await content(dir, cmd, '--help')).stdout;
      expect(help, cmd).toMatch(/Exit codes[^\n]*: 0 [^\n]*warnings alone exit 0/);
    }
  });
});
