/** A small JSONPath subset used by extract_json, bag_remove_keys and bag_set_key: `$`, `.key`, `['key']`, `[n]`. */
export type PathStep = string | number;

/** Parses `$.a.b[0]['c d']` (or a bare key such as `a`) into steps; null when the path is malformed. */
export function parseJsonPath(path: string): PathStep[] | null {
  const p = path.trim();
  if (!p.startsWith('$')) return p === '' ? null : [p];
  const steps: PathStep[] = [];
  let i = 1;
  while (i < p.length) {
    if (p[i] === '.') {
      const m = /^\.([^.[\]]+)/.exec(p.slice(i));
      if (!m) return null;
      steps.push(m[1]!);
      i += m[0].length;
    } else if (p[i] === '[') {
      const m = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+))\s*\]/.exec(p.slice(i));
      if (!m) return null;
      steps.push(m[3] !== undefined ? Number(m[3]) : (m[1] ?? m[2])!);
      i += m[0].length;
    } else return null;
  }
  return steps;
}

export function getPath(value: unknown, steps: PathStep[]): unknown {
  let cur = value;
  for (const s of steps) {
    if (typeof s === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s < 0 ? cur.length + s : s];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return cur;
}
