/**
 * punycode_from_string / punycode_to_string (RFC 3492 Punycode of a whole string, without "xn--"), and
 * punycode_domain_to_string / punycode_domain_from_string (each non-ASCII label of a domain encoded with "xn--";
 * labels split on ".", "。", "．" and "｡"). Labels are encoded as written (no IDNA case mapping).
 */
import { defineScalar } from '../registry.ts';

const BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128;

function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

const digit = (d: number) => String.fromCharCode(d < 26 ? d + 97 : d + 22);

export function punycodeEncode(input: string): string {
  const cps = Array.from(input, (c) => c.codePointAt(0)!);
  let out = cps.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
  const basic = out.length;
  let h = basic;
  if (basic > 0) out += '-';
  let n = INITIAL_N, delta = 0, bias = INITIAL_BIAS;
  while (h < cps.length) {
    const m = Math.min(...cps.filter((c) => c >= n));
    delta += (m - n) * (h + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
          if (q < t) break;
          out += digit(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out += digit(q);
        bias = adapt(delta, h + 1, h === basic);
        delta = 0;
        h++;
      }
    }
    delta++;
    n++;
  }
  return out;
}

export function punycodeDecode(input: string): string | null {
  const cps: number[] = [];
  const dash = input.lastIndexOf('-');
  for (let i = 0; i < Math.max(0, dash); i++) {
    if (input.charCodeAt(i) >= 0x80) return null;
    cps.push(input.charCodeAt(i));
  }
  let n = INITIAL_N, i = 0, bias = INITIAL_BIAS;
  for (let pos = dash > 0 ? dash + 1 : 0; pos < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const c = input.charCodeAt(pos++);
      const d = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : BASE;
      if (d >= BASE) return null;
      i += d * w;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - oldi, cps.length + 1, oldi === 0);
    n += Math.floor(i / (cps.length + 1));
    i %= cps.length + 1;
    cps.splice(i++, 0, n);
  }
  try {
    return String.fromCodePoint(...cps);
  } catch {
    return null;
  }
}

defineScalar((F) => F.PunycodeEncode, () => (s: unknown) => (typeof s === 'string' ? punycodeEncode(s) : null));
defineScalar((F) => F.PunycodeDecode, () => (s: unknown) => (typeof s === 'string' ? punycodeDecode(s) ?? '' : null));

const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/;

defineScalar((F) => F.PunycodeDomainEncode, () => (s: unknown) =>
  typeof s === 'string' ? s.split(LABEL_SEPARATORS).map((l) => (/^[\x00-\x7f]*$/.test(l) ? l : `xn--${punycodeEncode(l)}`)).join('.') : null);

defineScalar((F) => F.PunycodeDomainDecode, () => (s: unknown) => {
  if (typeof s !== 'string') return null;
  const labels = s.split('.').map((l) => (/^xn--/i.test(l) ? punycodeDecode(l.slice(4)) : l));
  return labels.some((l) => l === null) ? '' : labels.join('.');
});
