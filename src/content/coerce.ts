/** Lenient readers for parsed YAML: the model is built even from a wrong-typed file; validation reports the types. */
export type Raw = Record<string, unknown>;

export function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter((x): x is string => x !== undefined) : [];
}
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}
export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
export function records(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}
