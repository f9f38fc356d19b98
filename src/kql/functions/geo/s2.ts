/**
 * S2 cells (Google's S2 geometry, as Kusto uses): geo_point_to_s2cell(lng, lat[, level = 11]) (levels 0..30) and
 * geo_s2cell_to_central_point, geo_s2cell_to_polygon (vertices in S2's order) and geo_s2cell_neighbors (the 8 cells
 * around it). Cell ids follow the S2 library: face,
 * quadratic (u,v)→(s,t) projection, and the Hilbert curve position; tokens are the hex id without trailing zeros.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { validPoint } from './sphere.ts';
import { toLngLat, type Vec } from './shapes.ts';

const MAX_LEVEL = 30;
const LOOKUP_BITS = 4;
const SWAP = 1;
const INVERT = 2;
const POS_TO_ORIENTATION = [SWAP, 0, 0, INVERT | SWAP];
const POS_TO_IJ = [[0, 1, 3, 2], [0, 2, 3, 1], [3, 2, 0, 1], [3, 1, 0, 2]];
const lookupPos: number[] = [];
const lookupIJ: number[] = [];

function initLookupCell(level: number, i: number, j: number, origOrientation: number, pos: number, orientation: number): void {
  if (level === LOOKUP_BITS) {
    const ij = (i << LOOKUP_BITS) + j;
    lookupPos[(ij << 2) + origOrientation] = (pos << 2) + orientation;
    lookupIJ[(pos << 2) + origOrientation] = (ij << 2) + orientation;
    return;
  }
  const r = POS_TO_IJ[orientation]!;
  for (let index = 0; index < 4; index++) {
    initLookupCell(level + 1, (i << 1) + (r[index]! >> 1), (j << 1) + (r[index]! & 1), origOrientation, (pos << 2) + index,
      orientation ^ POS_TO_ORIENTATION[index]!);
  }
}
for (const o of [0, SWAP, INVERT, SWAP | INVERT]) initLookupCell(0, 0, 0, o, 0, o);

function xyzToFaceUV([x, y, z]: Vec): [number, number, number] {
  const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
  let face = ax > ay ? (ax > az ? 0 : 2) : ay > az ? 1 : 2;
  if ([x, y, z][face]! < 0) face += 3;
  switch (face) {
    case 0: return [0, y / x, z / x];
    case 1: return [1, -x / y, z / y];
    case 2: return [2, -x / z, -y / z];
    case 3: return [3, z / x, y / x];
    case 4: return [4, z / y, -x / y];
    default: return [5, -y / z, -x / z];
  }
}

function faceUVtoXYZ(face: number, u: number, v: number): Vec {
  switch (face) {
    case 0: return [1, u, v];
    case 1: return [-u, 1, v];
    case 2: return [-u, -v, 1];
    case 3: return [-1, -v, -u];
    case 4: return [v, -1, -u];
    default: return [v, u, -1];
  }
}

const uvToST = (u: number) => (u >= 0 ? 0.5 * Math.sqrt(1 + 3 * u) : 1 - 0.5 * Math.sqrt(1 - 3 * u));
const stToUV = (s: number) => (s >= 0.5 ? (1 / 3) * (4 * s * s - 1) : (1 / 3) * (1 - 4 * (1 - s) * (1 - s)));
const stToIJ = (s: number) => Math.max(0, Math.min(2 ** MAX_LEVEL - 1, Math.floor(2 ** MAX_LEVEL * s)));

function fromFaceIJ(face: number, i: number, j: number): bigint {
  let n = BigInt(face) << 60n;
  let bits = face & SWAP;
  const mask = (1 << LOOKUP_BITS) - 1;
  for (let k = 7; k >= 0; k--) {
    bits += ((Math.floor(i / 2 ** (k * LOOKUP_BITS)) & mask) << (LOOKUP_BITS + 2));
    bits += ((Math.floor(j / 2 ** (k * LOOKUP_BITS)) & mask) << 2);
    bits = lookupPos[bits]!;
    n |= BigInt(bits >> 2) << BigInt(k * 2 * LOOKUP_BITS);
    bits &= SWAP | INVERT;
  }
  return n * 2n + 1n;
}

function parentAt(id: bigint, level: number): bigint {
  const lsb = 1n << BigInt(2 * (MAX_LEVEL - level));
  return (id & -lsb) | lsb;
}

function levelOf(id: bigint): number {
  let lsbPos = 0;
  while (((id >> BigInt(lsbPos)) & 1n) === 0n) lsbPos++;
  return MAX_LEVEL - lsbPos / 2;
}

function toFaceIJ(id: bigint): { face: number; i: number; j: number } {
  const face = Number(id >> 61n);
  let bits = face & SWAP;
  let i = 0, j = 0;
  for (let k = 7; k >= 0; k--) {
    const nbits = k === 7 ? MAX_LEVEL - 7 * LOOKUP_BITS : LOOKUP_BITS;
    bits += Number((id >> BigInt(k * 2 * LOOKUP_BITS + 1)) & ((1n << BigInt(2 * nbits)) - 1n)) << 2;
    bits = lookupIJ[bits]!;
    i += (bits >> (LOOKUP_BITS + 2)) * 2 ** (k * LOOKUP_BITS);
    j += ((bits >> 2) & ((1 << LOOKUP_BITS) - 1)) * 2 ** (k * LOOKUP_BITS);
    bits &= SWAP | INVERT;
  }
  return { face, i, j };
}

export function toToken(id: bigint): string {
  return id.toString(16).padStart(16, '0').replace(/0+$/, '') || 'X';
}

export function fromToken(token: string): bigint | null {
  if (!/^[0-9a-fA-F]{1,16}$/.test(token)) return null;
  const id = BigInt(`0x${token.padEnd(16, '0')}`);
  if (id === 0n || Number(id >> 61n) > 5) return null;
  let lsbPos = 0;
  while (((id >> BigInt(lsbPos)) & 1n) === 0n) lsbPos++;
  return lsbPos % 2 === 0 ? id : null;
}

export function pointToCell(lng: number, lat: number, level: number): bigint {
  const phi = (lat * Math.PI) / 180;
  const lam = (lng * Math.PI) / 180;
  const [face, u, v] = xyzToFaceUV([Math.cos(phi) * Math.cos(lam), Math.cos(phi) * Math.sin(lam), Math.sin(phi)]);
  return parentAt(fromFaceIJ(face, stToIJ(uvToST(u)), stToIJ(uvToST(v))), level);
}

/** The cell's center as S2 defines it (S2CellId::ToPoint): the middle of the cell in (s,t), projected to the sphere. */
export function cellCenter(id: bigint): Vec {
  const level = levelOf(id);
  const { face, i, j } = toFaceIJ(id);
  const size = 2 ** (MAX_LEVEL - level);
  const si = Math.floor(i / size) * size + size / 2;
  const ti = Math.floor(j / size) * size + size / 2;
  return faceUVtoXYZ(face, stToUV(si / 2 ** MAX_LEVEL), stToUV(ti / 2 ** MAX_LEVEL));
}

/** The cell's four vertices (S2 order: (u0,v0), (u1,v0), (u1,v1), (u0,v1)) as unit-sphere vectors. */
export function cellVertices(id: bigint): Vec[] {
  const level = levelOf(id);
  const { face, i, j } = toFaceIJ(id);
  const size = 2 ** (MAX_LEVEL - level);
  const i0 = Math.floor(i / size) * size;
  const j0 = Math.floor(j / size) * size;
  const u = [stToUV(i0 / 2 ** MAX_LEVEL), stToUV((i0 + size) / 2 ** MAX_LEVEL)];
  const v = [stToUV(j0 / 2 ** MAX_LEVEL), stToUV((j0 + size) / 2 ** MAX_LEVEL)];
  return [faceUVtoXYZ(face, u[0]!, v[0]!), faceUVtoXYZ(face, u[1]!, v[0]!), faceUVtoXYZ(face, u[1]!, v[1]!), faceUVtoXYZ(face, u[0]!, v[1]!)];
}

/** The leaf cell at (i, j) of a face, following onto the neighbouring face when (i, j) is just off this one. */
function fromFaceIJWrap(face: number, i: number, j: number): bigint {
  const size = 2 ** MAX_LEVEL;
  if (i >= 0 && j >= 0 && i < size && j < size) return fromFaceIJ(face, i, j);
  const ci = Math.max(-1, Math.min(size, i));
  const cj = Math.max(-1, Math.min(size, j));
  const limit = 1 + Number.EPSILON;
  const u = Math.max(-limit, Math.min(limit, (2 * (ci - size / 2) + 1) / size));
  const v = Math.max(-limit, Math.min(limit, (2 * (cj - size / 2) + 1) / size));
  const [f2, u2, v2] = xyzToFaceUV(faceUVtoXYZ(face, u, v));
  // Near face edges the (u,v) -> (s,t) mapping is taken as linear, as S2 does here.
  return fromFaceIJ(f2, stToIJ(0.5 * (u2 + 1)), stToIJ(0.5 * (v2 + 1)));
}

/** The 8 cells around a cell at its own level (edge and corner neighbours), in S2's order; duplicates removed. */
export function cellNeighbors(id: bigint): bigint[] {
  const level = levelOf(id);
  const { face, i: li, j: lj } = toFaceIJ(id);
  const size = 2 ** (MAX_LEVEL - level);
  const i = Math.floor(li / size) * size;
  const j = Math.floor(lj / size) * size;
  const max = 2 ** MAX_LEVEL;
  const at = (x: number, y: number) => parentAt(fromFaceIJWrap(face, x, y), level);
  const out: bigint[] = [];
  for (let k = -size; ; k += size) {
    if (k >= 0 && k < size) {
      out.push(at(i + k, j - size));
      out.push(at(i + k, j + size));
    }
    out.push(at(i - size, j + k));
    out.push(at(i + size, j + k));
    if (k >= size) break;
  }
  const seen = new Set<bigint>([id]);
  return out.filter((c) => (seen.has(c) ? false : (seen.add(c), true)));
}

defineScalar((F) => F.GeoS2CellNeighbors, () => (token: unknown) => {
  const id = typeof token === 'string' ? fromToken(token) : null;
  return id === null ? null : cellNeighbors(id).map(toToken);
});

defineScalar((F) => F.GeoPointToS2Cell, () => (lng: unknown, lat: unknown, level?: unknown) => {
  const p = validPoint(toNumber(lng), toNumber(lat));
  const l = level === undefined ? 11 : level === null ? null : toNumber(level);
  if (!p || l === null || l < 0 || l > MAX_LEVEL) return '';
  return toToken(pointToCell(p[0], p[1], Math.trunc(l)));
});

defineScalar((F) => F.GeoS2CellToCentralPoint, () => (token: unknown) => {
  const id = typeof token === 'string' ? fromToken(token) : null;
  if (id === null) return null;
  return { type: 'Point', coordinates: toLngLat(cellCenter(id)) };
});

defineScalar((F) => F.GeoS2CellToPolygon, () => (token: unknown) => {
  const id = typeof token === 'string' ? fromToken(token) : null;
  if (id === null) return null;
  const v = cellVertices(id).map(toLngLat);
  const ring = [...v, v[0]!];
  return { type: 'Polygon', coordinates: [ring] };
});
