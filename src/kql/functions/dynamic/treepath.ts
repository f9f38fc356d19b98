/**
 * treepath(dynamic): every path in a property bag or array, in bracket notation (`['a']`, `['a'][0]`, ...). As in
 * the reference's examples, the elements of an array share one path with index 0 (the structure, not each
 * element), paths come once, in the order first met. Not a bag or an array: an empty array.
 */
import { defineScalar } from '../registry.ts';

function walk(v: unknown, prefix: string, out: Set<string>): void {
  if (Array.isArray(v)) {
    if (v.length === 0) return;
    const p = `${prefix}[0]`;
    out.add(p);
    for (const e of v) walk(e, p, out);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      const p = `${prefix}['${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
      out.add(p);
      walk(e, p, out);
    }
  }
}

defineScalar((F) => F.TreePath, () => (v: unknown) => {
  if (v === null || v === undefined) return null;
  const out = new Set<string>();
  walk(v, '', out);
  return [...out];
});
