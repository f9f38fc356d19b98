/**
 * The names a set of queries may read columns by: every identifier-like word of their text (string literals
 * included, for `['name']` and column_ifexists("name")), and of the bodies of the workspace functions they name
 * (and those name, and so on). Given to a load as LoadDataOptions.columns, it lets the load fill only those columns;
 * a column the guess misses is still read, from the files, when first used, so the guess decides the cost, never
 * the result.
 */
export function namesInQueries(texts: Iterable<string>, functions: readonly { name: string; body: string }[] = []): Set<string> {
  const bodies = new Map(functions.map((f) => [f.name, f.body]));
  const out = new Set<string>();
  const pending = [...texts];
  for (let text = pending.pop(); text !== undefined; text = pending.pop()) {
    for (const m of text.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) {
      const name = m[0];
      if (out.has(name)) continue;
      out.add(name);
      const body = bodies.get(name);
      if (body !== undefined) pending.push(body);
    }
  }
  return out;
}
