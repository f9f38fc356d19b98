/**
 * base64_encode_tostring / base64_decode_tostring (UTF-8; invalid input, unpadded included, decodes to ""),
 * base64_decode_toarray (bytes as numbers; null for invalid input), base64_encode_fromarray, base64_decode_toguid / base64_encode_fromguid (the .NET byte order
 * of a Guid), and the deprecated base64_encodestring / base64_decodestring.
 */
import { defineScalar } from '../registry.ts';
import { formatValue, normaliseGuid } from '../common/values.ts';

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 as .NET's Convert.FromBase64String reads it: padded to a multiple of 4 characters, else null. */
function decode(s: string): Buffer | null {
  const t = s.trim();
  if (t.length % 4 !== 0 || !B64.test(t)) return null;
  return Buffer.from(t, 'base64');
}

const encodeString = (site: { argTypes: string[] }) => (s: unknown) =>
  Buffer.from(formatValue(s, (site.argTypes[0] ?? 'unknown') as never), 'utf8').toString('base64');
const decodeString = (site: { argTypes: string[] }) => (s: unknown) => {
  const b = decode(formatValue(s, (site.argTypes[0] ?? 'unknown') as never));
  if (!b) return '';
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(b);
  } catch {
    return '';
  }
};

defineScalar((F) => F.Base64EncodeToString, encodeString);
defineScalar((F) => F.Base64EncodeString, encodeString);
defineScalar((F) => F.Base64DecodeToString, decodeString);
defineScalar((F) => F.Base64DecodeString, decodeString);

defineScalar((F) => F.Base64DecodeToArray, () => (s: unknown) => {
  const b = typeof s === 'string' ? decode(s) : null;
  return b ? [...b] : null;
});

defineScalar((F) => F.Base64EncodeFromArray, () => (a: unknown) => {
  if (!Array.isArray(a) || a.some((x) => typeof x !== 'number' || x < 0 || x > 255 || !Number.isInteger(x))) return null;
  return Buffer.from(a as number[]).toString('base64');
});

/** .NET Guid byte order: the first three fields little-endian. */
function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]);
}

defineScalar((F) => F.Base64DecodeToGuid, () => (s: unknown) => {
  const b = typeof s === 'string' ? decode(s) : null;
  if (!b || b.length !== 16) return null;
  const g = guidBytes(b.toString('hex'));
  return normaliseGuid(g.toString('hex'));
});

defineScalar((F) => F.Base64EncodeFromGuid, () => (g: unknown) =>
  typeof g === 'string' && /^[0-9a-f-]{32,36}$/i.test(g) ? guidBytes(g.toLowerCase()).toString('base64') : null);
