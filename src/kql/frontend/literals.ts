/**
 * Literal values read from the token text, since the parser's LiteralValue is wrong for some datetime and
 * timespan forms (see the bridge notes): datetimes would be read in the process time zone with ms precision.
 */
import { formatDatetime, formatTimespan, parseDatetime, parseTimespan, TICKS_PER_DAY } from '../values/datetime.ts';
import { kindOf, listOf, textOf, type Node } from './syntax.ts';

export class LiteralError extends Error {}

function inner(text: string): string {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  let s = open >= 0 && close > open ? text.slice(open + 1, close).trim() : text.trim();
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) s = s.slice(1, -1);
  return s;
}

function parseLong(text: string): number | bigint {
  const t = text.trim();
  const hex = /^0x[0-9a-f]+$/i.test(t);
  const b = BigInt(t);
  const n = Number(b);
  return Number.isSafeInteger(n) || (!hex && !Number.isInteger(n)) ? n : b;
}

/** The value of a literal expression node (LiteralExpression or typed literal), as an internal value. */
export function literalValue(n: Node): unknown {
  const kind = kindOf(n);
  const text = textOf(n);
  switch (kind) {
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return String(n.LiteralValue ?? '');
    case 'BooleanLiteralExpression': {
      const v = inner(text).toLowerCase();
      if (v === 'null') return null;
      return v === 'true' || v === '1';
    }
    case 'LongLiteralExpression':
    case 'IntLiteralExpression': {
      const v = /\(/.test(text) ? inner(text) : text;
      if (v.toLowerCase() === 'null') return null;
      const x = parseLong(v.replace(/^(long|int)\(/i, ''));
      return kind === 'IntLiteralExpression' && typeof x === 'number' ? x | 0 : x;
    }
    case 'RealLiteralExpression':
    case 'DecimalLiteralExpression': {
      const v = /\(/.test(text) ? inner(text) : text;
      const l = v.toLowerCase();
      if (l === 'null') return null;
      if (l === 'nan') return NaN;
      if (l === '+inf' || l === 'inf') return Infinity;
      if (l === '-inf') return -Infinity;
      return Number(v);
    }
    case 'DateTimeLiteralExpression': {
      const v = inner(text);
      if (v.toLowerCase() === 'null') return null;
      // the docs' formatter sometimes writes `datetime(2017 - 08 - 01)`
      const t = parseDatetime(v) ?? parseDatetime(v.replace(/\s*-\s*/g, '-'));
      if (t === null) throw new LiteralError(`cannot read datetime literal ${text}`);
      return t;
    }
    case 'TimespanLiteralExpression': {
      const v = /\(/.test(text) ? inner(text) : text;
      if (v.toLowerCase() === 'null') return null;
      let t = parseTimespan(v);
      if (t === null && /^-?\d+(\.\d+)?$/.test(v)) t = Math.round(Number(v) * TICKS_PER_DAY); // time(1) = 1 day
      if (t === null) throw new LiteralError(`cannot read timespan literal ${text}`);
      return t;
    }
    case 'GuidLiteralExpression': {
      const v = inner(text);
      return v.toLowerCase() === 'null' ? null : v.toLowerCase();
    }
    case 'NullLiteralExpression':
      return null;
    case 'DynamicExpression':
      return dynamicLiteral(n);
    default: {
      const lv = n.LiteralValue;
      if (lv === null || lv === undefined) return null;
      if (typeof lv === 'object' && typeof lv.toNumber === 'function') return parseLong(lv.toString());
      return lv;
    }
  }
}

/** `dynamic(...)`: the JSON text inside; Kusto also accepts single-quoted strings and typed literals inside. */
function dynamicLiteral(n: Node): unknown {
  // the parser's tree of the literal reads Kusto's string forms (@"verbatim", h"obfuscated", "adjacent" "strings")
  const body = n.Expression;
  if (body) {
    try {
      return fromJsonSyntax(body);
    } catch (e) {
      if (!(e instanceof LiteralError)) throw e;
    }
  }
  return dynamicText(n);
}

/** A value of a dynamic literal from its syntax: arrays, bags and strings from the tree, other scalars from their text. */
function fromJsonSyntax(n: Node): unknown {
  const kind = kindOf(n);
  switch (kind) {
    case 'JsonArrayExpression':
      return listOf(n.Values).map(fromJsonSyntax);
    case 'JsonObjectExpression': {
      const o: Record<string, unknown> = {};
      for (const pair of listOf(n.Pairs)) o[String(lenientJson(textOf(pair.Name)))] = fromJsonSyntax(pair.Value);
      return o;
    }
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return String(n.LiteralValue ?? '');
    case 'DynamicExpression':
      return n.Expression ? fromJsonSyntax(n.Expression) : null;
    case 'DateTimeLiteralExpression': {
      const t = literalValue(n) as number | null;
      return t === null ? null : formatDatetime(t);
    }
    case 'TimespanLiteralExpression': {
      const t = literalValue(n) as number | null;
      return t === null ? null : formatTimespan(t);
    }
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression': {
      const v = fromJsonSyntax(n.Expression);
      if (typeof v !== 'number') throw new LiteralError(`cannot read dynamic literal near "${textOf(n).slice(0, 20)}"`);
      return kind === 'UnaryMinusExpression' ? -v : v;
    }
    default: {
      if (!kind.endsWith('LiteralExpression')) throw new LiteralError(`cannot read dynamic literal near "${textOf(n).slice(0, 20)}"`);
      const v = literalValue(n);
      return typeof v === 'bigint' ? Number(v) : v;
    }
  }
}

function dynamicText(n: Node): unknown {
  const raw = textOf(n);
  const open = raw.indexOf('(');
  const close = raw.lastIndexOf(')');
  const text = (open >= 0 && close > open ? raw.slice(open + 1, close) : raw).trim();
  if (text === '' || text.toLowerCase() === 'null') return null;
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the lenient reader
  }
  return lenientJson(text);
}

/** Reads Kusto's dynamic literal syntax: JSON plus single quotes and typed literals such as datetime(...). */
function lenientJson(text: string): unknown {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i]!)) i++; };
  const value = (): unknown => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) {
        ws();
        const k = value();
        ws();
        if (text[i] !== ':') throw new LiteralError('expected :');
        i++;
        o[String(k)] = value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return o; }
        throw new LiteralError('expected , or }');
      }
    }
    if (ch === '[') {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return a; }
        throw new LiteralError('expected , or ]');
      }
    }
    if (ch === '"' || ch === "'") {
      const q = ch;
      i++;
      let s = '';
      while (i < text.length && text[i] !== q) {
        if (text[i] === '\\') {
          const e = text[++i];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e ?? '';
          i++;
        } else s += text[i++];
      }
      i++;
      return s;
    }
    const nested = /^dynamic\s*\(/i.exec(text.slice(i));
    if (nested) {
      i += nested[0].length;
      const v = value();
      ws();
      if (text[i] !== ')') throw new LiteralError('expected )');
      i++;
      return v;
    }
    const m = /^(datetime|timespan|time|guid|int|long|real|double|bool)\s*\(([^)]*)\)/i.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      const f = m[1]!.toLowerCase();
      if (f === 'datetime') return parseDatetime(m[2]!.trim());
      if (f === 'timespan' || f === 'time') return parseTimespan(m[2]!.trim());
      if (f === 'guid') return m[2]!.trim().toLowerCase();
      if (f === 'bool') return m[2]!.trim().toLowerCase() === 'true';
      return Number(m[2]);
    }
    const lit = /^(true|false|null|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (lit) {
      i += lit[0].length;
      return lit[1] === 'true' ? true : lit[1] === 'false' ? false : lit[1] === 'null' ? null : Number(lit[1]);
    }
    const tsUnit = /^[+-]?\d+(\.\d+)?(d|h|m|s|ms)\b/.exec(text.slice(i));
    if (tsUnit) {
      i += tsUnit[0].length;
      return parseTimespan(tsUnit[0]);
    }
    throw new LiteralError(`cannot read dynamic literal near "${text.slice(i, i + 20)}"`);
  };
  const v = value();
  return v;
}
