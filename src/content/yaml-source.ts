/**
 * Reads one YAML content file into plain data plus source positions: every node's location by dotted path, and an
 * offset map for any scalar (so a KQL diagnostic inside `query: |` lands on the right line and column of the file).
 *
 * Never throws for bad input: syntax errors, duplicate keys, tabs, alias bombs, binary data and oversized files all
 * come back as problems with a position.
 */
import { Alias, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, Scalar } from 'yaml';
import type { EmbeddedQuery, NodeLocation, Position, Problem, SourceInfo } from './types.ts';
import { explainYamlError } from './yaml-errors.ts';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** Aliases allowed per document before it is rejected as an alias bomb (yaml's default is 100). */
const MAX_ALIAS_COUNT = 100;

export interface YamlSource {
  /** The document as plain JS data; undefined when the file could not be read as YAML. */
  data: unknown;
  text: string;
  source: SourceInfo;
  problems: Problem[];
  /** The scalar at a dotted path as an embedded text with its offset map, when that node is a string scalar. */
  embedded(path: string): EmbeddedQuery | undefined;
}

type PathPart = string | number;

export function pathKey(path: string | PathPart[]): string {
  return typeof path === 'string' ? path : path.join('.');
}

/** Parses YAML text. `file` is the display path, `absolutePath` the real one. */
export function readYamlSource(bytes: Buffer | string, file: string, absolutePath: string, maxBytes = DEFAULT_MAX_FILE_BYTES): YamlSource {
  const problems: Problem[] = [];
  const lineCounter = new LineCounter();
  const locations = new Map<string, NodeLocation>();
  const scalars = new Map<string, Scalar>();
  const start: Position = { line: 1, column: 1, offset: 0 };
  const fileStart: NodeLocation = { value: start, end: start };
  const source: SourceInfo = {
    file,
    absolutePath,
    text: '',
    locations,
    locate(path) {
      const parts = typeof path === 'string' ? path.split('.') : path.map(String);
      for (let n = parts.length; n > 0; n--) {
        const hit = locations.get(parts.slice(0, n).join('.'));
        if (hit) return hit;
      }
      return locations.get('') ?? fileStart;
    },
    embedded: (path) => embeddedAt(pathKey(path)),
  };
  let embeddedAt: (path: string) => EmbeddedQuery | undefined = () => undefined;
  const fail = (code: string, message: string, pos: Position = start): YamlSource => {
    problems.push({ file, line: pos.line, column: pos.column, code, severity: 'error', message });
    return { data: undefined, text: '', source, problems, embedded: () => undefined };
  };

  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > maxBytes) {
    return fail('file-too-large', `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for a content file; split it or check that it is the file you meant`);
  }
  const binaryAt = typeof bytes === 'string' ? bytes.indexOf('\0') : bytes.indexOf(0);
  if (binaryAt >= 0) {
    const prefix = typeof bytes === 'string' ? bytes.slice(0, binaryAt) : bytes.subarray(0, binaryAt).toString('utf8');
    return fail('file-not-text', 'file contains binary data (a NUL byte); content files must be UTF-8 YAML text', positionIn(prefix, prefix.length));
  }
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      const bad = firstInvalidUtf8(bytes);
      const prefix = bytes.subarray(0, bad).toString('utf8');
      return fail('file-not-text', 'file is not valid UTF-8 text; content files must be UTF-8 YAML', positionIn(prefix, prefix.length));
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  source.text = text;

  const pos = (offset: number): Position => {
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, column: lp.col, offset };
  };
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    return fail('file-empty', 'file is empty; an analytic rule or function needs at least id, name and query');
  }

  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  // Only the first error: later ones are usually consequences of it.
  const err = doc.errors[0];
  if (err) {
    const e = explainYamlError(err, text, lineCounter);
    problems.push({ file, line: e.line, column: e.column, code: e.code, severity: 'error', message: e.message.replace('the file holds one document', 'a content file holds one rule or function') });
  }
  if (doc.errors.length) return { data: undefined, text, source, problems, embedded: () => undefined };

  // Locations of every node, without following aliases (an alias bomb must not blow up the walk).
  const walk = (node: unknown, path: PathPart[], keyPos?: Position): void => {
    const n = node as YamlNode | null;
    const range = n && (n as { range?: [number, number, number] }).range;
    const k = pathKey(path);
    if (range) locations.set(k, { key: keyPos, value: pos(range[0]), end: pos(range[1]) });
    else if (keyPos) locations.set(k, { key: keyPos, value: keyPos, end: keyPos });
    if (isMap(n)) {
      for (const pair of n.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyName = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const kr = (keyNode as { range?: [number, number, number] } | null)?.range;
        walk(pair.value, [...path, keyName], kr ? pos(kr[0]) : undefined);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(n) && typeof n.value === 'string') {
      scalars.set(k, n);
    }
  };
  walk(doc.contents, []);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    let aliasPos = start;
    const firstAlias = findFirstAlias(doc.contents);
    if (firstAlias?.range) aliasPos = pos(firstAlias.range[0]);
    return fail('yaml-alias-limit', `YAML aliases expand too much (${(e as Error).message.replace(/\.$/, '')}); write the values out instead of nesting anchors`, aliasPos);
  }

  const embedded = (path: string): EmbeddedQuery | undefined => {
    const node = scalars.get(path);
    if (!node || typeof node.value !== 'string' || !node.range) return undefined;
    const map = alignScalar(text, node, node.value);
    const valueLength = node.value.length;
    return {
      text: node.value,
      positionAt(offset: number): Position {
        const i = Math.max(0, Math.min(valueLength, Math.floor(offset)));
        return pos(map[i]);
      },
    };
  };
  embeddedAt = embedded;
  return { data, text, source, problems, embedded };
}

function findFirstAlias(node: unknown): Alias | undefined {
  if (isAlias(node)) return node;
  if (isMap(node)) {
    for (const p of node.items) {
      const hit = findFirstAlias(p.key) ?? findFirstAlias(p.value);
      if (hit) return hit;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const hit = findFirstAlias(item);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * For each character of a scalar's value (and one past the end), its offset in the file.
 * Block literals map line by line exactly; other styles are aligned greedily (folding and escapes make the value a
 * near-subsequence of the source text), which is exact for every character that is written literally.
 */
export function alignScalar(text: string, node: Scalar, value: string): Int32Array {
  const [start, valueEnd] = node.range!;
  const map = new Int32Array(value.length + 1);
  const type = node.type;
  if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) {
    let s = text.indexOf('\n', start);
    s = s < 0 ? valueEnd : s + 1;
    if (type === Scalar.BLOCK_LITERAL) return alignLiteralBlock(text, s, valueEnd, value, map);
    return alignGreedy(text, s, valueEnd, value, map, false);
  }
  if (type === Scalar.QUOTE_DOUBLE) return alignGreedy(text, start + 1, valueEnd, value, map, true);
  if (type === Scalar.QUOTE_SINGLE) return alignGreedy(text, start + 1, valueEnd, value, map, false);
  return alignGreedy(text, start, valueEnd, value, map, false);
}

function alignLiteralBlock(text: string, from: number, end: number, value: string, map: Int32Array): Int32Array {
  // The block's indentation is that of its first non-blank line.
  let indent = 0;
  for (let p = from; p < end;) {
    const nl = text.indexOf('\n', p);
    const lineEnd = nl < 0 || nl > end ? end : nl;
    const line = text.slice(p, lineEnd).replace(/\r$/, '');
    if (line.trim() !== '') { indent = line.length - line.trimStart().length; break; }
    p = lineEnd + 1;
  }
  let v = 0;
  let p = from;
  while (v < value.length && p <= end) {
    const nl = text.indexOf('\n', p);
    const lineEnd = nl < 0 || nl > end ? end : nl;
    let contentEnd = lineEnd;
    if (contentEnd > p && text[contentEnd - 1] === '\r') contentEnd--;
    for (let c = Math.min(p + indent, contentEnd); c < contentEnd && v < value.length; c++) map[v++] = c;
    if (v < value.length && value[v] === '\n') map[v++] = lineEnd;
    if (nl < 0) break;
    p = lineEnd + 1;
  }
  const last = v > 0 ? map[v - 1] + 1 : from;
  for (; v <= value.length; v++) map[v] = last;
  return map;
}

const ESCAPE_LENGTH: Record<string, number> = { x: 4, u: 6, U: 10 };

function alignGreedy(text: string, from: number, end: number, value: string, map: Int32Array, escapes: boolean): Int32Array {
  let s = from;
  for (let v = 0; v < value.length; v++) {
    if (escapes && text[s] === '\\') {
      const next = text[s + 1];
      if (next === '\n' || next === '\r') {
        // Escaped line break: skip it and the next line's indentation, then retry this character.
        s += next === '\r' && text[s + 2] === '\n' ? 3 : 2;
        while (s < end && (text[s] === ' ' || text[s] === '\t')) s++;
        v--;
        continue;
      }
      map[v] = s;
      s += ESCAPE_LENGTH[next] ?? 2;
      continue;
    }
    if (text[s] === value[v]) { map[v] = s++; continue; }
    const j = text.indexOf(value[v], s);
    if (j >= 0 && j < end) { map[v] = j; s = j + 1; } else map[v] = Math.min(s, end);
  }
  map[value.length] = Math.min(s, end);
  return map;
}

function positionIn(prefix: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] === '\n') { line++; lineStart = i + 1; }
  return { line, column: offset - lineStart + 1, offset };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return i;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
