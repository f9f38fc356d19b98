/** Maps an offset in a query's text back to a line and column of the YAML file it came from. */
import type { QueryPosition, SourcePosition } from './model.ts';

export function positionInQuery(where: QueryPosition, text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineIndex = before.split('\n').length - 1;
  const column = before.length - (before.lastIndexOf('\n') + 1);
  if (where.block) return { line: where.block.firstLine + lineIndex, column: where.block.indent + column + 1 };
  // Plain and quoted scalars: exact on the first line; later lines are folded, so point at their start.
  if (lineIndex === 0) return { line: where.start.line, column: where.start.column + column };
  return { line: where.start.line + lineIndex, column: 1 };
}
