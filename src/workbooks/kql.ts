/**
 * The KQL of a workbook: every query step and every parameter query, with its parameters and macros replaced by
 * stand-ins, and the means to map an offset in the runnable text back to file:line:col.
 */
import type { MacroContext } from './macros.ts';
import { macroValues } from './macros.ts';
import type { QueryPosition, SourcePosition, WorkbookSource } from './model.ts';
import { queryStepsOf } from './model.ts';
import { substituteParameters, type StandInValues } from './parameters.ts';
import { positionInQuery } from './positions.ts';

export interface WorkbookQuery {
  /** `step <id>` or `parameter <name>`. */
  label: string;
  /** The step id, or the parameter name. */
  id: string;
  kind: 'step' | 'parameter';
  /** The text as written in the source. */
  original: string;
  /** The text with stand-ins, ready to parse or run. */
  text: string;
  /** Columns the result must have (a step's visualization columns; a parameter query needs one column). */
  requiredColumns: string[];
  /** Where `text[offset]` was written in the source file. */
  positionAt(offset: number): SourcePosition;
  /** Parameter or macro references the workbook does not declare. */
  unresolved: string[];
}

function prepare(
  label: string, id: string, kind: WorkbookQuery['kind'], original: string, where: QueryPosition,
  source: WorkbookSource, values: StandInValues, requiredColumns: string[],
): WorkbookQuery {
  const sub = substituteParameters(original, source.parameters, values);
  return {
    label, id, kind, original, text: sub.text, requiredColumns,
    positionAt: (offset) => positionInQuery(where, original, sub.toOriginal(offset)),
    unresolved: sub.unknown.map((u) => u.name),
  };
}

/** Every KQL text of the workbook in document order: parameter queries first, then query steps. */
export function workbookQueries(source: WorkbookSource, values: StandInValues, macros: MacroContext = {}): WorkbookQuery[] {
  const withMacros: StandInValues = { ...values, macros: { ...macroValues(macros), ...values.macros } };
  const out: WorkbookQuery[] = [];
  for (const p of source.parameters) {
    if (!p.query || !p.queryPosition) continue;
    out.push(prepare(`parameter ${p.name}`, p.name, 'parameter', p.query, p.queryPosition, source, withMacros, []));
  }
  for (const s of queryStepsOf(source.steps)) {
    out.push(prepare(`step ${s.id}`, s.id, 'step', s.query, s.queryPosition, source, withMacros, s.requiredColumns));
  }
  return out;
}
