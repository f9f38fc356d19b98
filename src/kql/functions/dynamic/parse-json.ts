/**
 * parse_json(x) / todynamic(x) (and the deprecated parsejson, toobject): JSON text to a dynamic value. Values
 * that are already dynamic are returned as they are; "" gives null; text that is not JSON is kept as a dynamic
 * string, as Kusto does. dynamic_to_json(d): canonical JSON text with keys sorted.
 */
import { defineScalar } from '../registry.ts';
import { formatDynamic, toDynamicValue } from '../common/values.ts';

export function parseJsonValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || type === 'dynamic') return toDynamicValue(v, type as never);
  const t = v.trim();
  if (t === '') return null;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

const parse = (site: { argTypes: string[] }) => {
  const type = site.argTypes[0] ?? 'unknown';
  return (v: unknown) => parseJsonValue(v, type);
};
defineScalar((F) => F.ParseJson, parse);
defineScalar((F) => F.ParseJson_Deprecated, parse);
defineScalar((F) => F.ToDynamic_, parse);
defineScalar((F) => F.ToObject_Deprecated, parse);

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
  }
  return v;
}
defineScalar((F) => F.DynamicToJson, () => (v: unknown) => formatDynamic(sortKeys(v)));
