/**
 * Tunable parameters of a rule: the `let Name = value; // comment` statements at the top of its query. A comment
 * starting with `tune:` marks a parameter to adjust; `keep equal to ...` marks one tied to the rule's schedule.
 */
export interface TuningParameter {
  name: string;
  /** The KQL value as written, e.g. `20`, `dynamic([])`, `1h`. */
  value: string;
  /** The comment after the statement, without the `tune:` prefix. */
  comment: string;
  /** True when the comment starts with `tune:`. */
  tunable: boolean;
}

const LET_WITH_COMMENT = /^\s*let\s+([A-Za-z_]\w*)\s*=\s*(.+?);\s*\/\/\s*(.*?)\s*$/;

export function tuningParameters(query: string): TuningParameter[] {
  const out: TuningParameter[] = [];
  for (const line of query.split(/\r?\n/)) {
    const m = LET_WITH_COMMENT.exec(line);
    if (!m) continue;
    const comment = m[3]!;
    const tunable = /^tune\b:?/i.test(comment);
    out.push({ name: m[1]!, value: m[2]!, comment: comment.replace(/^tune\b:?\s*/i, ''), tunable });
  }
  return out;
}
