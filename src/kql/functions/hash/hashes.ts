/**
 * hash(x[, mod]) and hash_xxhash64(x[, mod]): XXH64 of the value's bytes as a signed long (strings as UTF-8,
 * longs and datetimes as 8 little-endian bytes of their .NET value); hash_sha256, hash_sha1, hash_md5: lower-case
 * hex digests of the UTF-8 text. (hash_combine and hash_many are not implemented: their mixing is undocumented.)
 */
import { createHash } from 'node:crypto';
import { defineScalar } from '../registry.ts';
import { dotnetTicks, formatValue, longResult, toNumber, type ArgType } from '../common/values.ts';
import { xxhash64 } from './xxhash64.ts';

function bytesOf(v: unknown, type: ArgType): Uint8Array {
  const eight = (b: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt.asIntN(64, b));
    return buf;
  };
  if (type === 'datetime' && typeof v === 'number') return eight(dotnetTicks(v));
  if ((type === 'long' || type === 'int' || type === 'timespan') && (typeof v === 'number' || typeof v === 'bigint')) {
    return eight(BigInt(typeof v === 'number' ? Math.trunc(v) : v));
  }
  if (type === 'real' && typeof v === 'number') {
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(v);
    return buf;
  }
  return Buffer.from(formatValue(v, type), 'utf8');
}

function signed(h: bigint): number | bigint {
  return longResult(BigInt.asIntN(64, h));
}

function hashWithMod(site: { argTypes: ArgType[] }) {
  const type = site.argTypes[0] ?? 'unknown';
  return (v: unknown, mod?: unknown) => {
    if (v === null || v === undefined) return null;
    const h = BigInt.asIntN(64, xxhash64(bytesOf(v, type)));
    if (mod === undefined) return signed(h);
    const m = toNumber(mod);
    if (m === null || m <= 0) return null;
    const r = h % BigInt(Math.trunc(m));
    return Number(r < 0n ? -r : r);
  };
}
defineScalar((F) => F.Hash, hashWithMod);
defineScalar((F) => F.HashXXH64, hashWithMod);

function digest(algorithm: string) {
  return (site: { argTypes: ArgType[] }) => (v: unknown) =>
    createHash(algorithm).update(formatValue(v, site.argTypes[0] ?? 'unknown'), 'utf8').digest('hex');
}
defineScalar((F) => F.HashSha256, digest('sha256'));
defineScalar((F) => F.HashSha1, digest('sha1'));
defineScalar((F) => F.HashMd5, digest('md5'));
