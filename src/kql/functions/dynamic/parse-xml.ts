/**
 * parse_xml(xml): XML text to dynamic, as Kusto converts it: `<e/>` → {"e": null}; `<e>text</e>` → {"e": "text"};
 * attributes become "@name" properties and the element's text "#text" when there are attributes or children;
 * repeated child elements become arrays. Only elements, attributes and text (CDATA included) are kept; the
 * declaration, comments, processing instructions and DOCTYPE are skipped. Invalid XML, or more than 1 MB, gives null.
 */
import { defineScalar } from '../registry.ts';

const MAX_XML_LENGTH = 1_048_576;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

class XmlError extends Error {}

interface Element { name: string; attributes: [string, string][]; children: Element[]; text: string }

class XmlReader {
  i = 0;
  constructor(readonly s: string) {}

  fail(): never {
    throw new XmlError(`invalid XML at ${this.i}`);
  }

  /** Skips the declaration, comments, processing instructions and DOCTYPE; returns true if something was skipped. */
  skipMisc(): boolean {
    const s = this.s;
    if (s.startsWith('<?', this.i)) {
      const end = s.indexOf('?>', this.i + 2);
      if (end < 0) this.fail();
      this.i = end + 2;
      return true;
    }
    if (s.startsWith('<!--', this.i)) {
      const end = s.indexOf('-->', this.i + 4);
      if (end < 0) this.fail();
      this.i = end + 3;
      return true;
    }
    if (s.startsWith('<!DOCTYPE', this.i) || s.startsWith('<!doctype', this.i)) {
      let depth = 0;
      for (; this.i < s.length; this.i++) {
        if (s[this.i] === '[') depth++;
        else if (s[this.i] === ']') depth--;
        else if (s[this.i] === '>' && depth === 0) break;
      }
      if (this.i >= s.length) this.fail();
      this.i++;
      return true;
    }
    return false;
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  name(): string {
    const m = /^[A-Za-z_:][\w.:-]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) this.fail();
    this.i += m[0].length;
    return m[0];
  }

  element(): Element {
    if (this.s[this.i] !== '<') this.fail();
    this.i++;
    const el: Element = { name: this.name(), attributes: [], children: [], text: '' };
    for (;;) {
      this.skipSpace();
      const c = this.s[this.i];
      if (c === '/') {
        if (this.s[this.i + 1] !== '>') this.fail();
        this.i += 2;
        return el;
      }
      if (c === '>') {
        this.i++;
        break;
      }
      const attr = this.name();
      this.skipSpace();
      if (this.s[this.i] !== '=') this.fail();
      this.i++;
      this.skipSpace();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") this.fail();
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) this.fail();
      el.attributes.push([attr, decodeEntities(this.s.slice(this.i + 1, end))]);
      this.i = end + 1;
    }
    // Content until the matching end tag.
    for (;;) {
      if (this.i >= this.s.length) this.fail();
      if (this.s.startsWith('</', this.i)) {
        this.i += 2;
        if (this.name() !== el.name) this.fail();
        this.skipSpace();
        if (this.s[this.i] !== '>') this.fail();
        this.i++;
        return el;
      }
      if (this.s.startsWith('<![CDATA[', this.i)) {
        const end = this.s.indexOf(']]>', this.i + 9);
        if (end < 0) this.fail();
        el.text += this.s.slice(this.i + 9, end);
        this.i = end + 3;
        continue;
      }
      if (this.s[this.i] === '<') {
        if (this.skipMisc()) continue;
        el.children.push(this.element());
        continue;
      }
      const next = this.s.indexOf('<', this.i);
      const end = next < 0 ? this.s.length : next;
      el.text += decodeEntities(this.s.slice(this.i, end));
      this.i = end;
    }
  }

  document(): Element {
    for (;;) {
      this.skipSpace();
      if (!this.skipMisc()) break;
    }
    const root = this.element();
    for (;;) {
      this.skipSpace();
      if (this.i >= this.s.length) return root;
      if (!this.skipMisc()) this.fail();
    }
  }
}

function toJson(el: Element): unknown {
  const text = el.text.trim();
  if (el.attributes.length === 0 && el.children.length === 0) return text === '' ? null : text;
  const out: Record<string, unknown> = {};
  for (const [k, v] of el.attributes) out[`@${k}`] = v;
  if (text !== '') out['#text'] = text;
  // Children by name, in order of first appearance; a repeated name becomes an array.
  const byName = new Map<string, unknown[]>();
  for (const child of el.children) {
    const list = byName.get(child.name);
    if (list) list.push(toJson(child));
    else byName.set(child.name, [toJson(child)]);
  }
  for (const [name, values] of byName) out[name] = values.length === 1 ? values[0] : values;
  return out;
}

export function parseXml(text: string): unknown {
  if (text.length > MAX_XML_LENGTH || text.trim() === '') return null;
  try {
    const root = new XmlReader(text).document();
    return { [root.name]: toJson(root) };
  } catch (e) {
    if (e instanceof XmlError) return null;
    throw e;
  }
}

defineScalar((F) => F.ParseXml, () => (v: unknown) => (typeof v === 'string' ? parseXml(v) : null));
