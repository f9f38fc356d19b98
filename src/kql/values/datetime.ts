/**
 * Datetime and timespan values: 100 ns ticks in a float64. Datetimes count from TICKS_EPOCH (2020-01-01T00:00Z)
 * so that present-day values are exact to the tick (see README.md in this folder).
 */
export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

/** Milliseconds since the Unix epoch of TICKS_EPOCH. */
export const TICKS_EPOCH_UNIX_MS = Date.UTC(2020, 0, 1);
/** Ticks between 0001-01-01 (Kusto/.NET tick zero) and TICKS_EPOCH, as a bigint (used by tolong(datetime)). */
export const DOTNET_TICKS_AT_EPOCH = 637134336000000000n;

/** Converts a JS Date (or ms since Unix epoch) to datetime ticks. */
export function datetimeFromUnixMs(ms: number): number {
  return (ms - TICKS_EPOCH_UNIX_MS) * TICKS_PER_MS;
}

export function datetimeToUnixMs(ticks: number): number {
  return ticks / TICKS_PER_MS + TICKS_EPOCH_UNIX_MS;
}

const ISO_RE =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|UTC|GMT)?\s*$/;

/**
 * Parses an ISO-8601-like datetime string (`yyyy-MM-dd[( |T)HH:mm[:ss[.fffffff]]][Z|±hh:mm]`) into ticks,
 * keeping all 7 fractional digits. Returns null when the text is not a datetime. A missing zone means UTC.
 */
export function parseDatetime(text: string): number | null {
  const m = ISO_RE.exec(text);
  if (!m) return parseDatetimeFallback(text);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const date = new Date(Date.UTC(2000, +mo! - 1, +d!, +h, +mi, +s));
  date.setUTCFullYear(+y!); // Date.UTC maps years 0..99 to 1900..1999
  const ms = date.getTime();
  if (Number.isNaN(ms) || +h > 23 || +mi > 59 || +s > 59) return null;
  const check = new Date(Date.UTC(2000, +mo! - 1, +d!));
  if (check.getUTCDate() !== +d! || check.getUTCMonth() !== +mo! - 1) return null;
  let ticks = datetimeFromUnixMs(ms) + Number((frac + '0000000').slice(0, 7));
  if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC' && zone !== 'GMT') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = +digits.slice(0, 2) * 60 + +digits.slice(2, 4);
    ticks -= sign * offsetMin * TICKS_PER_MINUTE;
  }
  return ticks;
}

/** RFC 822/1123 style and other formats Date.parse understands, always read as UTC when no zone is given. */
function parseDatetimeFallback(text: string): number | null {
  const t = text.trim();
  if (!t || /^\d+(\.\d+)?$/.test(t)) return null;
  const hasZone = /(Z|GMT|UTC|[+-]\d{2}:?\d{2})\s*$/i.test(t);
  const ms = Date.parse(hasZone ? t : `${t} UTC`);
  return Number.isNaN(ms) ? null : datetimeFromUnixMs(ms);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats ticks as `yyyy-MM-ddTHH:mm:ss.fffffffZ` (the JSON form of a datetime). */
export function formatDatetime(ticks: number): string {
  let msFloor = Math.floor(ticks / TICKS_PER_MS);
  let subMsTicks = Math.round(ticks - msFloor * TICKS_PER_MS);
  if (subMsTicks >= TICKS_PER_MS) { msFloor += 1; subMsTicks -= TICKS_PER_MS; } // float rounding far from the epoch
  const d = new Date(msFloor + TICKS_EPOCH_UNIX_MS);
  const frac = d.getUTCMilliseconds() * TICKS_PER_MS + subMsTicks;
  const year = d.getUTCFullYear();
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(
    d.getUTCMinutes(),
    2,
  )}:${pad(d.getUTCSeconds(), 2)}.${pad(frac, 7)}Z`;
}

/** A timespan split into its fields (of its absolute value); `fraction` is in ticks below one second. */
export function timespanParts(ticks: number): { negative: boolean; day: number; hour: number; minute: number; second: number; fraction: number } {
  let t = Math.abs(Math.round(ticks));
  const day = Math.floor(t / TICKS_PER_DAY);
  t -= day * TICKS_PER_DAY;
  const hour = Math.floor(t / TICKS_PER_HOUR);
  t -= hour * TICKS_PER_HOUR;
  const minute = Math.floor(t / TICKS_PER_MINUTE);
  t -= minute * TICKS_PER_MINUTE;
  const second = Math.floor(t / TICKS_PER_SECOND);
  return { negative: ticks < 0, day, hour, minute, second, fraction: t - second * TICKS_PER_SECOND };
}

/** Formats ticks as Kusto prints a timespan: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ticks: number): string {
  const { negative, day, hour, minute, second, fraction } = timespanParts(ticks);
  return `${negative ? '-' : ''}${day ? `${day}.` : ''}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction ? `.${pad(fraction, 7)}` : ''}`;
}

const TIMESPAN_RE = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$/;
const TIMESPAN_UNIT_RE = /^\s*(-)?(\d+(?:\.\d+)?)\s*(d|day|days|h|hr|hrs|hour|hours|m|min|minute|minutes|s|sec|second|seconds|ms|milli|millis|millisecond|milliseconds|microsecond|microseconds|tick|ticks)\s*$/i;
const UNIT_TICKS: Record<string, number> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hr: TICKS_PER_HOUR, hrs: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, min: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS, milli: TICKS_PER_MS, millis: TICKS_PER_MS, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10, microseconds: 10, tick: 1, ticks: 1,
};

/** Parses `[-][d.]hh:mm[:ss[.fffffff]]` or a literal with a unit (`5m`, `1.5h`, `2d`) into ticks; null otherwise. */
export function parseTimespan(text: string): number | null {
  const m = TIMESPAN_RE.exec(text);
  if (m) {
    const [, neg, d = '0', h, mi, s = '0', frac = ''] = m;
    const ticks = +d * TICKS_PER_DAY + +h! * TICKS_PER_HOUR + +mi! * TICKS_PER_MINUTE + +s * TICKS_PER_SECOND +
      Number((frac + '0000000').slice(0, 7));
    return neg ? -ticks : ticks;
  }
  const u = TIMESPAN_UNIT_RE.exec(text);
  if (u) {
    const ticks = Math.round(parseFloat(u[2]!) * UNIT_TICKS[u[3]!.toLowerCase()]!);
    return u[1] ? -ticks : ticks;
  }
  return null;
}
