/**
 * Suggestions that respect what the data can hold: literals compared with the ManagedHsmAudit parser's operation
 * values (read from its body), entity columns of the identifier's kind, and the nearest name for KS142.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { copyOfPack } from '../pack-copy.ts';

const RULE = 'detections/key-operations/bulk-key-backup.yaml';

function edit(dir: string, from: string, to: string) {
  const path = join(dir, RULE);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} not in ${RULE}`);
  writeFileSync(path, text.replace(from, to));
}

async function lint(dir: string) {
  let out = '';
  const code = await main(['lint', '--format', 'json', RULE], { stdout: (t) => { out += t; }, stderr: () => {}, cwd: dir, env: {}, isTTY: false });
  return { code, problems: JSON.parse(out).problems as { code: string; line: number; column: number; message: string }[] };
}

describe('value and name suggestions', () => {
  it('the pack lints without kql-unknown-value findings (its literals are values the parser produces)', async () => {
    const dir = copyOfPack(['detections', 'schemas']);
    const { problems } = await lint(dir);
    expect(problems.filter((p) => p.code === 'kql-unknown-value')).toEqual([]);
  });

  it('a misspelt Operation literal gets the parser\'s value; a value far from all of them is left alone', async () => {
    const dir = copyOfPack(['detections', 'schemas']);
    edit(dir, 'Operation == "KeyBackup"', 'Operation == "KeyBakup"');
    const { code, problems } = await lint(dir);
    expect(code).toBe(0); // a warning
    const found = problems.filter((p) => p.code === 'kql-unknown-value');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('"KeyBakup" is not a value of Operation that ManagedHsmAudit produces or lists; did you mean "KeyBackup"?');
    edit(dir, 'Operation == "KeyBakup"', 'Operation == "SomethingElseEntirely"');
    expect((await lint(dir)).problems.filter((p) => p.code === 'kql-unknown-value')).toEqual([]);
  });

  it('an IP.Address column suggestion is an address column, not the caller\'s UPN', async () => {
    const dir = copyOfPack(['detections', 'schemas']);
    edit(dir, 'columnName: CallerIpAddress', 'columnName: CallerIP');
    const missing = (await lint(dir)).problems.find((p) => p.code === 'rule-column-missing');
    expect(missing?.message).toBe('IP.Address names column "CallerIP", which the query does not output; did you mean "CallerIpAddress"?');
  });

  it('KS142 names the nearest column of the function output', async () => {
    const dir = copyOfPack(['detections', 'schemas']);
    edit(dir, 'Operation == "KeyBackup"', 'Operaton == "KeyBackup"');
    const ks = (await lint(dir)).problems.find((p) => p.code === 'KS142');
    expect(ks?.message).toBe('The name \'Operaton\' does not refer to any known column, table, variable or function; did you mean "Operation"?');
  });
});
