/**
 * Workbook parameter references in query text (`{TimeRange}`, `{Hsm}`, `{TimeRange:start}`), and their
 * replacement by typed stand-ins so that a query can be parsed, linted and run outside Azure. Offsets in the
 * substituted text map back to the original text, so diagnostics point at what the author wrote.
 */
import type { WorkbookParameter } from './model.ts';

export interface ParameterReference { name: string; format?: string; start: number; length: number }
export interface MacroReference { name: string; start: number; length: number }

// `{Name}` or `{Name:format}`; `${...}` is not a workbook parameter.
const REFERENCE = /(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_$][A-Za-z0-9_$]*))?\}/g;
// `${name}`: expanded when the workbook is compiled (see macros.ts), never seen by the portal.
const MACRO = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function parameterReferences(text: string): ParameterReference[] {
  const out: ParameterReference[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    out.push({ name: m[1], format: m[2], start: m.index ?? 0, length: m[0].length });
  }
  return out;
}

export function macroReferences(text: string): MacroReference[] {
  return [...text.matchAll(MACRO)].map((m) => ({ name: m[1], start: m.index ?? 0, length: m[0].length }));
}

/** Concrete values standing in for what the analyst would pick in the portal. */
export interface StandInValues {
  /** The time range picked for every time range parameter. */
  timeRange: { start: Date; end: Date };
  /** Values by parameter name, overriding each parameter's sampleValue and the defaults by type. */
  values?: Record<string, string | string[]>;
  /** Compile-time macro expansions (`${name}`), see macros.ts. */
  macros?: Record<string, string>;
  /**
   * For lint: dropdowns stand in with "All" plus a value with letters, so that checks on the literal (e.g. "in~
   * is not needed: the value has no letters") judge what the analyst picks, not the '*' of "All".
   */
  forLint?: boolean;
}

/** A fixed, plausible time range for lint: any valid datetime binds the same. */
export const LINT_STAND_INS: StandInValues = {
  timeRange: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-08T00:00:00Z') },
  forLint: true,
};

const STAND_IN_WORKSPACE =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/local/providers/microsoft.operationalinsights/workspaces/local';

function kqlDatetime(d: Date): string {
  return `datetime(${d.toISOString()})`;
}

function kqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Workbooks pick a time grain so that a chart has about a hundred points; we do the same in round units. */
export function grainFor(range: { start: Date; end: Date }): string {
  const ms = range.end.getTime() - range.start.getTime();
  const grains: [number, string][] = [[60_000, '1m'], [300_000, '5m'], [900_000, '15m'], [1_800_000, '30m'], [3_600_000, '1h'],
    [14_400_000, '4h'], [43_200_000, '12h'], [86_400_000, '1d']];
  for (const [g, text] of grains) if (ms / g <= 100) return text;
  return '1d';
}

function defaultValue(p: WorkbookParameter, forLint = false): string | string[] {
  if (forLint && p.type === 'dropdown' && p.multiSelect) return p.includeAll ? ['*', 'Sample'] : ['Sample'];
  if (p.sampleValue !== undefined) return p.sampleValue;
  switch (p.type) {
    case 'workspace': return STAND_IN_WORKSPACE;
    case 'subscription': return p.multiSelect ? ['/subscriptions/00000000-0000-0000-0000-000000000000'] : '/subscriptions/00000000-0000-0000-0000-000000000000';
    case 'dropdown':
      if (p.includeAll) return p.multiSelect ? ['*'] : '*';
      return p.choices?.[0] ?? '';
    default: return p.default ?? '';
  }
}

/** The text a reference expands to, as the workbook renderer would produce it in a query. */
export function standInFor(p: WorkbookParameter, format: string | undefined, values: StandInValues): string {
  if (p.type === 'timeRange') {
    const r = values.timeRange;
    switch (format) {
      case 'start': return kqlDatetime(r.start);
      case 'end': return kqlDatetime(r.end);
      case 'grain': return grainFor(r);
      case 'label': return 'Custom time range';
      default: return `between (${kqlDatetime(r.start)} .. ${kqlDatetime(r.end)})`;
    }
  }
  const v = values.values?.[p.name] ?? defaultValue(p, values.forLint);
  if (format === 'label') return Array.isArray(v) ? v.join(', ') : v;
  if (p.multiSelect) {
    // Multi-select parameters are quoted with ' and joined with , (quote and delimiter in the gallery JSON).
    return (Array.isArray(v) ? v : [v]).map(kqlString).join(',');
  }
  return Array.isArray(v) ? v.join(',') : v;
}

export interface Substituted {
  text: string;
  /** Maps an offset in `text` back to an offset in the original. */
  toOriginal(offset: number): number;
  /** References to parameters or macros the workbook does not declare (left in place). */
  unknown: (ParameterReference | MacroReference)[];
}

/** Replaces every parameter reference in `text` by its stand-in. */
export function substituteParameters(text: string, parameters: WorkbookParameter[], values: StandInValues): Substituted {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const segments: { from: number; to: number; origFrom: number; origTo: number }[] = [];
  const unknown: (ParameterReference | MacroReference)[] = [];
  let out = '';
  let last = 0;
  const refs = [
    ...parameterReferences(text).map((r) => ({ ...r, macro: false })),
    ...macroReferences(text).map((r) => ({ ...r, format: undefined, macro: true })),
  ].sort((a, b) => a.start - b.start);
  for (const ref of refs) {
    let replacement: string | undefined;
    if (ref.macro) replacement = values.macros?.[ref.name];
    else {
      const p = byName.get(ref.name);
      if (p) replacement = standInFor(p, ref.format, values);
    }
    if (replacement === undefined) { unknown.push(ref); continue; }
    out += text.slice(last, ref.start);
    segments.push({ from: out.length, to: out.length + replacement.length, origFrom: ref.start, origTo: ref.start + ref.length });
    out += replacement;
    last = ref.start + ref.length;
  }
  out += text.slice(last);
  return {
    text: out,
    unknown,
    toOriginal(offset: number): number {
      let delta = 0;
      for (const s of segments) {
        if (offset < s.from) break;
        if (offset < s.to) return s.origFrom;
        delta = s.origTo - s.to;
      }
      return offset + delta;
    },
  };
}
