/**
 * Property bags: bag_pack / pack / pack_dictionary (key, value pairs), bag_keys, bag_merge (first bag wins on a
 * clash), bag_has_key, bag_remove_keys (keys or JSONPaths), bag_set_key, bag_zip.
 */
import { defineScalar } from '../registry.ts';
import { formatValue, toDynamicValue } from '../common/values.ts';
import { parseJsonPath, getPath } from './json-path.ts';

export function isBag(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const pack = (site: { argTypes: string[] }) => (...args: unknown[]) => {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < args.length; i += 2) {
    const k = formatValue(args[i], (site.argTypes[i] ?? 'unknown') as never);
    out[k] = toDynamicValue(args[i + 1], (site.argTypes[i + 1] ?? 'unknown') as never);
  }
  return out;
};
defineScalar((F) => F.BagPack, pack);
defineScalar((F) => F.Pack, pack);
defineScalar((F) => F.PackDictionary, pack);

defineScalar((F) => F.BagKeys, () => (bag: unknown) => (isBag(bag) ? Object.keys(bag) : null));

defineScalar((F) => F.BagMerge, () => (...bags: unknown[]) => {
  const out: Record<string, unknown> = {};
  for (const b of bags) if (isBag(b)) for (const [k, v] of Object.entries(b)) if (!(k in out)) out[k] = v;
  return out;
});

defineScalar((F) => F.BagHasKey, () => (bag: unknown, key: unknown) => {
  if (!isBag(bag) || typeof key !== 'string') return false;
  const steps = parseJsonPath(key);
  return steps !== null && getPath(bag, steps) !== undefined;
});

function removePath(v: unknown, steps: (string | number)[]): unknown {
  if (steps.length === 0) return v;
  const [head, ...rest] = steps;
  if (isBag(v) && typeof head === 'string') {
    if (!(head in v)) return v;
    const out = { ...v };
    if (rest.length === 0) delete out[head];
    else out[head] = removePath(v[head], rest);
    return out;
  }
  return v;
}

defineScalar((F) => F.BagRemoveKeys, () => (bag: unknown, keys: unknown) => {
  if (!isBag(bag)) return null;
  if (!Array.isArray(keys)) return bag;
  let out: unknown = bag;
  for (const k of keys) {
    const steps = typeof k === 'string' ? parseJsonPath(k) : null;
    if (steps) out = removePath(out, steps);
  }
  return out;
});

function setPath(v: unknown, steps: (string | number)[], value: unknown): unknown {
  const [head, ...rest] = steps;
  if (typeof head !== 'string') return v;
  const base = isBag(v) ? { ...v } : {};
  base[head] = rest.length === 0 ? value : setPath(base[head], rest, value);
  return base;
}

defineScalar((F) => F.BagSetKey, (site) => (bag: unknown, key: unknown, value: unknown) => {
  if (!isBag(bag) || typeof key !== 'string') return null;
  const steps = parseJsonPath(key);
  if (!steps || steps.length === 0) return null;
  return setPath(bag, steps, toDynamicValue(value, site.argTypes[2] ?? 'unknown'));
});

defineScalar((F) => F.BagZip, () => (keys: unknown, values: unknown) => {
  if (!Array.isArray(keys)) return null;
  const out: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    if (typeof k !== 'string') return;
    out[k] = Array.isArray(values) && i < values.length ? values[i] : null;
  });
  return out;
});
