import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

describe('content CLI', () => {
  it('prints help and exits 0', async () => {
    let out = '';
    const code = await main(['--help'], { stdout: (t) => { out += t; }, stderr: () => {}, cwd: process.cwd(), env: {}, isTTY: false });
    expect(code).toBe(0);
    expect(out).toContain('lint');
  });
  it('exits 2 on an unknown command', async () => {
    const code = await main(['frobnicate'], { stdout: () => {}, stderr: () => {}, cwd: process.cwd(), env: {}, isTTY: false });
    expect(code).toBe(2);
  });
});
