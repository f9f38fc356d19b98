/** geo_from_wkt(wkt): Well-Known Text (POINT, LINESTRING, POLYGON, MULTI*, GEOMETRYCOLLECTION) to GeoJSON; null if invalid. */
import { defineScalar } from '../registry.ts';

type Json = Record<string, unknown>;

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  ws() { while (/\s/.test(this.s[this.i] ?? '')) this.i++; }
  word(): string { this.ws(); const m = /^[A-Za-z]+/.exec(this.s.slice(this.i)); if (!m) throw new Error('word'); this.i += m[0].length; return m[0].toUpperCase(); }
  peek(c: string): boolean { this.ws(); return this.s[this.i] === c; }
  eat(c: string) { this.ws(); if (this.s[this.i] !== c) throw new Error(c); this.i++; }
  num(): number { this.ws(); const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.s.slice(this.i)); if (!m) throw new Error('num'); this.i += m[0].length; return Number(m[0]); }
  point(): number[] { const x = this.num(); const y = this.num(); while (!this.peek(',') && !this.peek(')')) this.num(); return [x, y]; }
  list<T>(item: () => T): T[] { this.eat('('); const out = [item()]; while (this.peek(',')) { this.eat(','); out.push(item()); } this.eat(')'); return out; }
}

function geometry(r: Reader): Json {
  const kind = r.word();
  const empty = () => { const save = r.i; try { return r.word() === 'EMPTY'; } catch { r.i = save; return false; } };
  const points = () => r.list(() => r.point());
  switch (kind) {
    case 'POINT': { if (empty()) return { type: 'Point', coordinates: [] }; r.eat('('); const p = r.point(); r.eat(')'); return { type: 'Point', coordinates: p }; }
    case 'LINESTRING': return { type: 'LineString', coordinates: points() };
    case 'POLYGON': return { type: 'Polygon', coordinates: r.list(points) };
    case 'MULTIPOINT': return { type: 'MultiPoint', coordinates: r.list(() => (r.peek('(') ? (r.eat('('), ((p) => (r.eat(')'), p))(r.point())) : r.point())) };
    case 'MULTILINESTRING': return { type: 'MultiLineString', coordinates: r.list(points) };
    case 'MULTIPOLYGON': return { type: 'MultiPolygon', coordinates: r.list(() => r.list(points)) };
    case 'GEOMETRYCOLLECTION': return { type: 'GeometryCollection', geometries: r.list(() => geometry(r)) };
    default: throw new Error(kind);
  }
}

defineScalar((F) => F.GeoFromWkt, () => (wkt: unknown) => {
  if (typeof wkt !== 'string') return null;
  const r = new Reader(wkt);
  try {
    const g = geometry(r);
    r.ws();
    return r.i === wkt.length ? g : null;
  } catch {
    return null;
  }
});
