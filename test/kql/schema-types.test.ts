/**
 * Column type names in table schemas: KQL names, .NET names as Log Analytics lists them (System.SByte for bool,
 * Int32, Int64, Double, Object) and spellings found in published schemas (Azure-Sentinel's CustomTables use
 * "Integer", "Date/time" and trailing spaces).
 */
import { describe, expect, it } from 'vitest';
import { normaliseTypeName, parseTableSchema, SchemaError } from '../../src/kql/index.ts';

describe('table schema types', () => {
  it('maps KQL, .NET and published spellings to KQL types', () => {
    const cases: [string, string][] = [
      ['String', 'string'], ['string ', 'string'], ['Boolean', 'bool'], ['SByte', 'bool'], ['System.SByte', 'bool'],
      ['Int32', 'int'], ['Integer', 'int'], ['Int64', 'long'], ['Double', 'real'], ['Object', 'dynamic'],
      ['Date/time', 'datetime'], ['DateTime', 'datetime'], ['GUID', 'guid'],
    ];
    for (const [given, want] of cases) expect(normaliseTypeName(given), given).toBe(want);
  });
  it('an unknown type is a schema error naming the column and the file', () => {
    expect(() => parseTableSchema({ Name: 'T', Properties: [{ Name: 'c', Type: 'Float128' }] }, 'T.json')).toThrow(SchemaError);
    expect(() => parseTableSchema({ Name: 'T', Properties: [{ Name: 'c', Type: 'Float128' }] }, 'T.json')).toThrow(/T\.json: column c: unknown type "Float128"/);
  });
});
