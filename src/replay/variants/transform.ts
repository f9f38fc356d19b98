/** Small helpers the catalogue's variants share: mapping rows per table, finding the rows of the activity. */
import type { VariantInput } from './model.ts';
import { timeOf, type Row, type Rows } from './records.ts';

/** The rows with each row of the tables in `tables` passed through `fn` (which may return several rows). */
export function mapRows(rows: Rows, tables: (table: string) => boolean, fn: (row: Row, table: string, index: number) => Row | Row[]): Rows {
  const out: Rows = {};
  for (const [table, rs] of Object.entries(rows)) {
    if (!tables(table)) {
      out[table] = rs;
      continue;
    }
    out[table] = rs.flatMap((r, i): Row[] => {
      const x = fn(r, table, i);
      return Array.isArray(x) ? x : [x];
    });
  }
  return out;
}

/** Whether a row is part of the detected activity: a table the rule reads, inside the focus interval. */
export function inFocus(input: VariantInput, table: string, row: Row): boolean {
  if (!input.tables.has(table)) return false;
  const t = timeOf(row);
  return t !== undefined && t >= input.focus.start && t < input.focus.end;
}

/** The TimeGenerated (epoch ms) of every row of the activity (see inFocus). */
export function focusTimes(input: VariantInput): number[] {
  const out: number[] = [];
  for (const [table, rs] of Object.entries(input.rows)) for (const r of rs) if (inFocus(input, table, r)) out.push(timeOf(r)!);
  return out;
}

/** True when the transformed rows differ from the input (a variant that changes nothing does not apply). */
export function changed(before: Rows, after: Rows): boolean {
  const a = Object.keys(before);
  if (a.length !== Object.keys(after).length) return true;
  for (const k of a) {
    const x = before[k]!;
    const y = after[k];
    if (!y || x.length !== y.length) return true;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !sameRow(x[i]!, y[i]!)) return true;
  }
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function sameRow(a: Row, b: Row): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameValue(a[k], b[k])) return false;
  return true;
}

export function count(rows: Rows, table: string, pred: (row: Row) => boolean = () => true): number {
  return (rows[table] ?? []).filter(pred).length;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
