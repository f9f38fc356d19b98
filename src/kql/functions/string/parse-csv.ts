/**
 * parse_csv(text): the fields of the first CSV record of the text (comma-separated, double-quoted fields with `""`
 * for a quote, quoted line breaks kept), as an array of strings; later records are ignored, as the reference says.
 * Null in, null out; text that is not valid CSV gives an empty array.
 */
import { parse } from 'csv-parse/sync';
import { defineScalar } from '../registry.ts';

defineScalar((F) => F.ParseCsv, () => (v: unknown) => {
  if (typeof v !== 'string') return null;
  if (v === '') return [''];
  try {
    const records = parse(v, { to_line: undefined, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    return records[0] ?? [''];
  } catch {
    return [];
  }
});
