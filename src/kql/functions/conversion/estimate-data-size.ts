/**
 * estimate_data_size(columns): an estimate of the bytes the values take, by type as the reference's example counts
 * them (a long is 8 bytes, a string its length: `range x ... | extend Text = '1234567890'` is 18 bytes a row):
 * long, real, datetime and timespan 8, int 4, bool 1, guid 16, decimal 16, a string its UTF-8 length, a dynamic
 * value the length of its JSON text. Nulls and empty strings count 0. The lowering passes every referenced column
 * (all of them for `*`) as an argument.
 */
import { defineScalar } from '../registry.ts';

const FIXED: Record<string, number> = { long: 8, real: 8, datetime: 8, timespan: 8, int: 4, bool: 1, guid: 16, decimal: 16 };

defineScalar((F) => F.EstimateDataSize, (site) => (...values: unknown[]) => {
  let bytes = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined || v === '') return;
    const t = site.argTypes[i] ?? 'unknown';
    if (FIXED[t] !== undefined) bytes += FIXED[t]!;
    else if (typeof v === 'string') bytes += Buffer.byteLength(v, 'utf8');
    else bytes += Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');
  });
  return bytes;
});
