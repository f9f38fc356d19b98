/**
 * extract_json(jsonPath, jsonText[, typeof(T)]) and the deprecated extractjson: the element at a JSONPath of a JSON
 * text, converted to T (a string by default; objects come back as JSON text). Missing paths give null ("").
 */
import { defineScalar } from '../registry.ts';
import { formatDynamic, fromString } from '../common/values.ts';
import { getPath, parseJsonPath } from './json-path.ts';

const extractJson = (site: { resultType: string }) => (path: unknown, text: unknown) => {
  const none = site.resultType === 'string' || site.resultType === 'unknown' ? '' : null;
  if (typeof path !== 'string') return none;
  const steps = parseJsonPath(path);
  if (!steps) return none;
  let doc: unknown = text;
  if (typeof text === 'string') {
    try {
      doc = JSON.parse(text);
    } catch {
      return none;
    }
  }
  const v = getPath(doc, steps);
  if (v === undefined || v === null) return none;
  if (site.resultType === 'dynamic') return v;
  return fromString(typeof v === 'string' ? v : formatDynamic(v), (site.resultType ?? 'string') as never);
};
defineScalar((F) => F.ExtractJson, extractJson);
defineScalar((F) => F.ExtractJson_Deprecated, extractJson);
