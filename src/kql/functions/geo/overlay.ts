/**
 * Overlay of shapes on the sphere (geodesic edges): intersections and unions of polygons and lines.
 *
 * Boundaries are cut wherever they meet the other shape (great-circle crossings computed once per pair of edges, so
 * both sides share the exact cut point), each piece is classified by its midpoint (inside, outside or on the other
 * boundary), the pieces the operation keeps are chained into rings, and rings are sorted into shells and holes by
 * orientation (shells counter-clockwise). Shapes that only touch give points.
 */
import { toVector, type LngLat } from './sphere.ts';
import { angleBetween, closestOnEdge, cross, dot, insideRing, norm, slerp, toLngLat, type Vec } from './shapes.ts';

const EPS = 1e-12; // radians: points closer than this (~6 µm) are the same point

export type Polygon = LngLat[][]; // shell, then holes; rings closed

interface Piece {
  a: LngLat;
  b: LngLat;
}

interface Edge {
  a: LngLat;
  b: LngLat;
  va: Vec;
  vb: Vec;
  cuts: LngLat[];
}

const key = (p: LngLat) => `${p[0]},${p[1]}`;

function signedExcess(ring: LngLat[]): number {
  const v = ring.slice(0, -1).map(toVector);
  let total = 0;
  for (let i = 1; i + 1 < v.length; i++) {
    const [a, b, c] = [v[0]!, v[i]!, v[i + 1]!];
    total += 2 * Math.atan2(dot(a, cross(b, c)), 1 + dot(a, b) + dot(b, c) + dot(c, a));
  }
  return total;
}

const isCcw = (ring: LngLat[]) => signedExcess(ring) > 0;

/** Shell counter-clockwise, holes clockwise, consecutive duplicate vertices removed. */
function orient(poly: Polygon): Polygon {
  return poly.map((ring, i) => {
    const r = ring.filter((p, j) => j === 0 || key(p) !== key(ring[j - 1]!));
    return isCcw(r) === (i === 0) ? r : [...r].reverse();
  });
}

function edgesOf(rings: LngLat[][]): Edge[] {
  const out: Edge[] = [];
  for (const r of rings) {
    for (let i = 0; i + 1 < r.length; i++) {
      const va = toVector(r[i]!);
      const vb = toVector(r[i + 1]!);
      if (angleBetween(va, vb) > EPS) out.push({ a: r[i]!, b: r[i + 1]!, va, vb, cuts: [] });
    }
  }
  return out;
}

/** The points where arcs e and f meet: a crossing, endpoints of one on the other, or nothing. */
function meetings(e: Edge, f: Edge): LngLat[] {
  const near = (x: Vec, p: Vec) => angleBetween(x, p) < EPS;
  const onEdge = (x: Vec, g: Edge) => closestOnEdge(x, g.va, g.vb).angle < EPS;
  const out: LngLat[] = [];
  // Endpoints lying on the other edge (covers shared vertices, T-junctions and collinear overlaps).
  for (const [p, v] of [[e.a, e.va], [e.b, e.vb]] as const) if (onEdge(v, f)) out.push(p);
  for (const [p, v] of [[f.a, f.va], [f.b, f.vb]] as const) if (onEdge(v, e) && !out.some((q) => near(toVector(q), v))) out.push(p);
  if (out.length > 0) return out;
  const n1 = cross(e.va, e.vb);
  const n2 = cross(f.va, f.vb);
  const x = cross(n1, n2);
  if (Math.hypot(x[0], x[1], x[2]) < 1e-20) return out;
  const p = norm(x);
  for (const y of [p, [-p[0], -p[1], -p[2]] as Vec]) {
    if (closestOnEdge(y, e.va, e.vb).angle < EPS && closestOnEdge(y, f.va, f.vb).angle < EPS) out.push(toLngLat(y));
  }
  return out;
}

/** Cuts every edge of xs at the points where it meets an edge of ys (and vice versa); returns the meeting points. */
function cutAll(xs: Edge[], ys: Edge[]): LngLat[] {
  const points: LngLat[] = [];
  for (const e of xs) {
    for (const f of ys) {
      for (const p of meetings(e, f)) {
        e.cuts.push(p);
        f.cuts.push(p);
        points.push(p);
      }
    }
  }
  return points;
}

function pieces(e: Edge): Piece[] {
  const along = e.cuts
    .map((p) => ({ p, t: angleBetween(e.va, toVector(p)) }))
    .filter(({ p, t }) => t > EPS && angleBetween(toVector(p), e.vb) > EPS)
    .sort((x, y) => x.t - y.t);
  const pts: LngLat[] = [e.a];
  for (const { p } of along) if (angleBetween(toVector(pts[pts.length - 1]!), toVector(p)) > EPS) pts.push(p);
  pts.push(e.b);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < pts.length; i++) out.push({ a: pts[i]!, b: pts[i + 1]! });
  return out;
}

const midpoint = (p: Piece): Vec => slerp(toVector(p.a), toVector(p.b), 0.5);

export const insidePolygons = (p: LngLat, polys: Polygon[]) =>
  polys.some(([outer, ...holes]) => insideRing(p, outer!) && !holes.some((h) => insideRing(p, h)));

const onBoundary = (v: Vec, edges: Edge[]) => edges.some((g) => closestOnEdge(v, g.va, g.vb).angle < EPS);

type Where = 'in' | 'out' | 'on';

function classify(p: Piece, other: Polygon[], otherEdges: Edge[]): Where {
  const m = midpoint(p);
  if (onBoundary(m, otherEdges)) return 'on';
  return insidePolygons(toLngLat(m), other) ? 'in' : 'out';
}

/** Maps each point to the first point seen within EPS of it (a coarse grid keeps the search local). */
function snapper(): (p: LngLat) => LngLat {
  const cells = new Map<string, LngLat[]>();
  const cellOf = (v: Vec) => v.map((x) => Math.floor(x * 1e6));
  return (p) => {
    const v = toVector(p);
    const [i, j, k] = cellOf(v);
    for (let di = -1; di <= 1; di++) {
      for (let dj = -1; dj <= 1; dj++) {
        for (let dk = -1; dk <= 1; dk++) {
          const hit = cells.get(`${i! + di},${j! + dj},${k! + dk}`)?.find((q) => angleBetween(toVector(q), v) < EPS);
          if (hit) return hit;
        }
      }
    }
    const c = `${i},${j},${k}`;
    cells.set(c, [...(cells.get(c) ?? []), p]);
    return p;
  };
}

/** Chains directed pieces into closed rings, starting from the pieces in the order given. */
function chainRings(list: Piece[]): LngLat[][] {
  const byStart = new Map<string, number[]>();
  list.forEach((p, i) => byStart.set(key(p.a), [...(byStart.get(key(p.a)) ?? []), i]));
  const used = new Set<number>();
  const rings: LngLat[][] = [];
  for (let s = 0; s < list.length; s++) {
    if (used.has(s)) continue;
    used.add(s);
    const ring: LngLat[] = [list[s]!.a, list[s]!.b];
    const start = key(list[s]!.a);
    let end = key(list[s]!.b);
    while (end !== start) {
      const next = (byStart.get(end) ?? []).find((i) => !used.has(i));
      if (next === undefined) break;
      used.add(next);
      ring.push(list[next]!.b);
      end = key(list[next]!.b);
    }
    if (end === start && ring.length >= 4) rings.push(ring);
  }
  return rings;
}

/** Sorts rings into polygons: counter-clockwise rings are shells, clockwise ones holes of the shell holding them. */
function assemble(rings: LngLat[][]): Polygon[] {
  const shells = rings.filter(isCcw).map((r) => [r] as Polygon);
  for (const hole of rings.filter((r) => !isCcw(r))) {
    const owner = shells.find((s) => insideRing(hole[0]!, s[0]!) || insideRing(toLngLat(midpoint({ a: hole[0]!, b: hole[1]! })), s[0]!));
    if (owner) owner.push(hole);
  }
  return shells;
}

interface Overlay {
  polygons: Polygon[];
  touches: LngLat[];
}

function overlay(a: Polygon[], b: Polygon[], op: 'intersection' | 'union'): Overlay {
  const pa = a.map(orient);
  const pb = b.map(orient);
  const ea = edgesOf(pa.flat(1));
  const eb = edgesOf(pb.flat(1));
  const touches = cutAll(ea, eb);
  const want: Where = op === 'intersection' ? 'in' : 'out';
  // Points within EPS of each other (computed along different edges) become one, so pieces chain up.
  const snap = snapper();
  const snapped = (p: Piece): Piece => ({ a: snap(p.a), b: snap(p.b) });
  const piecesA = ea.flatMap(pieces).map(snapped).filter((p) => p.a !== p.b);
  const piecesB = eb.flatMap(pieces).map(snapped).filter((p) => p.a !== p.b);
  const directedB = new Set(piecesB.map((p) => `${key(p.a)}|${key(p.b)}`));
  const kept: Piece[] = [];
  for (const p of piecesA) {
    const w = classify(p, pb, eb);
    // A shared boundary piece stays when both shapes lie on the same side of it (same direction).
    if (w === want || (w === 'on' && directedB.has(`${key(p.a)}|${key(p.b)}`))) kept.push(p);
  }
  for (const p of piecesB) if (classify(p, pa, ea) === want) kept.push(p);
  return { polygons: assemble(chainRings(kept)), touches };
}

/** Intersection of two sets of polygons, part by part, as a list of GeoJSON geometries in part order. */
export function intersectPolygons(a: Polygon[], b: Polygon[]): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const x of a) {
    for (const y of b) {
      const r = overlay([x], [y], 'intersection');
      if (r.polygons.length > 0) {
        for (const p of r.polygons) out.push({ type: 'Polygon', coordinates: p });
        continue;
      }
      for (const t of r.touches) {
        if (seen.has(key(t))) continue;
        seen.add(key(t));
        out.push({ type: 'Point', coordinates: t });
      }
    }
  }
  return out;
}

/** Union of polygons, folded one part at a time (parts of the input may overlap each other). */
export function unionPolygons(parts: Polygon[]): Polygon[] {
  let acc: Polygon[] = [];
  for (const p of parts) acc = acc.length === 0 ? [orient(p)] : overlay(acc, [p], 'union').polygons;
  return acc;
}

/** Pieces of the lines inside (or on the boundary of) the polygons, as lines, plus isolated touching points. */
export function clipLines(lines: LngLat[][], polys: Polygon[]): { lines: LngLat[][]; points: LngLat[] } {
  const pe = edgesOf(polys.map(orient).flat(1));
  const outLines: LngLat[][] = [];
  const points: LngLat[] = [];
  for (const line of lines) {
    const le = edgesOf([line]);
    const touches = cutAll(le, pe);
    let current: LngLat[] | null = null;
    for (const p of le.flatMap(pieces)) {
      if (classify(p, polys, pe) !== 'out') {
        if (current && key(current[current.length - 1]!) === key(p.a)) current.push(p.b);
        else outLines.push((current = [p.a, p.b]));
      } else current = null;
    }
    const covered = (t: LngLat) => outLines.some((l) => l.some((q) => key(q) === key(t)));
    for (const t of touches) if (!covered(t) && !points.some((q) => key(q) === key(t))) points.push(t);
    if (le.length > 0 && outLines.length === 0) {
      // A line wholly inside without crossing: handled by classification above; nothing more to add.
    }
  }
  return { lines: outLines, points };
}

/** Points where two sets of lines meet, and the stretches they share. */
export function intersectLines(a: LngLat[][], b: LngLat[][]): { lines: LngLat[][]; points: LngLat[] } {
  const ea = edgesOf(a);
  const eb = edgesOf(b);
  const touches = cutAll(ea, eb);
  const shared: LngLat[][] = [];
  for (const p of ea.flatMap(pieces)) {
    if (!onBoundary(midpoint(p), eb)) continue;
    const last = shared[shared.length - 1];
    if (last && key(last[last.length - 1]!) === key(p.a)) last.push(p.b);
    else shared.push([p.a, p.b]);
  }
  const points: LngLat[] = [];
  for (const t of touches) {
    if (shared.some((l) => closestOnLine(t, l)) || points.some((q) => key(q) === key(t))) continue;
    points.push(t);
  }
  return { lines: shared, points };
}

const closestOnLine = (t: LngLat, line: LngLat[]) =>
  line.some((q, i) => i + 1 < line.length && closestOnEdge(toVector(t), toVector(q), toVector(line[i + 1]!)).angle < EPS);

/** Union of lines: shared stretches once, cut where lines meet, chained through vertices where exactly two pieces meet. */
export function unionLines(lines: LngLat[][]): LngLat[][] {
  const edges = edgesOf(lines);
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      for (const p of meetings(edges[i]!, edges[j]!)) {
        edges[i]!.cuts.push(p);
        edges[j]!.cuts.push(p);
      }
    }
  }
  // Snap cut points to the first equal point seen, so keys match across edges.
  const canon: LngLat[] = [];
  const snap = (p: LngLat) => {
    const v = toVector(p);
    const hit = canon.find((q) => angleBetween(toVector(q), v) < EPS);
    if (hit) return hit;
    canon.push(p);
    return p;
  };
  const unique: Piece[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    for (const p of pieces(e)) {
      const a = snap(p.a);
      const b = snap(p.b);
      if (key(a) === key(b) || seen.has(`${key(a)}|${key(b)}`) || seen.has(`${key(b)}|${key(a)}`)) continue;
      seen.add(`${key(a)}|${key(b)}`);
      unique.push({ a, b });
    }
  }
  const degree = new Map<string, number>();
  for (const p of unique) for (const k of [key(p.a), key(p.b)]) degree.set(k, (degree.get(k) ?? 0) + 1);
  const used = new Set<number>();
  const out: LngLat[][] = [];
  const walk = (i: number, from: LngLat) => {
    const line: LngLat[] = [from];
    let at = from;
    let current: number | undefined = i;
    while (current !== undefined) {
      used.add(current);
      const p: Piece = unique[current]!;
      at = key(p.a) === key(at) ? p.b : p.a;
      line.push(at);
      if (degree.get(key(at)) !== 2) break;
      current = unique.findIndex((q, j) => !used.has(j) && (key(q.a) === key(at) || key(q.b) === key(at)));
      if (current < 0) current = undefined;
    }
    out.push(line);
  };
  for (let i = 0; i < unique.length; i++) {
    if (used.has(i)) continue;
    const p = unique[i]!;
    if (degree.get(key(p.a)) !== 2) walk(i, p.a);
    else if (degree.get(key(p.b)) !== 2) walk(i, p.b);
  }
  // What is left are closed loops through degree-2 vertices.
  for (let i = 0; i < unique.length; i++) if (!used.has(i)) walk(i, unique[i]!.a);
  return out;
}
