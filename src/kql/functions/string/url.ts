/**
 * url_encode / url_encode_component (percent-encoding), url_decode (invalid sequences give null),
 * parse_url(url) and parse_urlquery(query) as Kusto's property bags (with the deprecated parseurl/parseurlquery).
 */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

/** Percent-encodes as .NET's HttpUtility.UrlEncode: lower-case hex, `-_.!*()` and alphanumerics kept. */
function percentEncode(s: string, space: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.!*()]/.test(c)) out += c;
    else if (c === ' ') out += space;
    else out += `%${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

defineScalar((F) => F.UrlEncode, (site) => (s: unknown) => percentEncode(formatValue(s, site.argTypes[0] ?? 'unknown'), '+'));
defineScalar((F) => F.UrlEncode_Component, (site) => (s: unknown) => percentEncode(formatValue(s, site.argTypes[0] ?? 'unknown'), '%20'));
defineScalar((F) => F.UrlDecode, (site) => (s: unknown) => {
  try {
    return decodeURIComponent(formatValue(s, site.argTypes[0] ?? 'unknown').replace(/\+/g, ' '));
  } catch {
    return null;
  }
});

function decodeOr(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function parseQueryParameters(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeOr(eq < 0 ? part : part.slice(0, eq));
    out[k] = eq < 0 ? '' : decodeOr(part.slice(eq + 1));
  }
  return out;
}

const URL_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

export function parseUrl(s: string): Record<string, unknown> {
  const m = URL_RE.exec(s.trim());
  if (!m) return {};
  return {
    Scheme: m[1],
    Host: m[4] ?? '',
    Port: m[5] ?? '',
    Path: m[6] ?? '',
    Username: m[2] ?? '',
    Password: m[3] ?? '',
    'Query Parameters': parseQueryParameters(m[7] ?? ''),
    Fragment: m[8] ?? '',
  };
}

const parseUrlFn = (site: { argTypes: string[] }) => (s: unknown) => parseUrl(formatValue(s, (site.argTypes[0] ?? 'unknown') as never));
defineScalar((F) => F.ParseUrl, parseUrlFn);
defineScalar((F) => F.ParseUrl_Deprecated, parseUrlFn);

const parseUrlQueryFn = (site: { argTypes: string[] }) => (s: unknown) => ({
  'Query Parameters': parseQueryParameters(formatValue(s, (site.argTypes[0] ?? 'unknown') as never)),
});
defineScalar((F) => F.ParseUrlQuery, parseUrlQueryFn);
defineScalar((F) => F.ParseUrlQuery_Deprecated, parseUrlQueryFn);
