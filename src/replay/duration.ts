/**
 * Durations as rules write them: Sentinel YAML shorthand (`5m`, `1h`, `1d`), ISO 8601 (`PT1H`, `P1D`, as in ARM)
 * and .NET/Kusto timespans (`1.00:00:00`, `00:05:00`). All are returned in milliseconds.
 */
const SHORTHAND = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i;
const ISO = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Milliseconds, or undefined when the text is not a duration in any of the accepted forms. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text === 'number' && Number.isFinite(text)) return text;
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  let m = SHORTHAND.exec(t);
  if (m) return Math.round(Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!);
  m = ISO.exec(t);
  if (m && t !== 'P' && t !== 'PT') {
    const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => (x ? Number(x) : 0));
    return Math.round(d! * DAY + h! * HOUR + min! * MINUTE + s! * 1000);
  }
  m = TIMESPAN.exec(t);
  if (m) {
    const frac = m[5] ? Number(`0.${m[5]}`) : 0;
    return Math.round(Number(m[1] ?? 0) * DAY + Number(m[2]) * HOUR + Number(m[3]) * MINUTE + (Number(m[4]) + frac) * 1000);
  }
  return undefined;
}

/** Compact form for messages: `1d`, `6h`, `90m`, `30s`. */
export function formatDuration(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  return `${ms / 1000}s`;
}

/** "2 h 9 min", "40 min", "3 d 2 h": how far a row lies from the window. */
export function spanText(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return `${Math.round(ms / 1000)} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** Parses an ISO-8601 instant; YAML may already have produced a Date. Undefined when not a valid time. */
export function parseInstant(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || value.length <= 10 ? value : `${value}Z`;
  const d = new Date(withZone);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** ISO form without milliseconds when they are zero: 2026-11-20T12:00:00Z. */
export function isoTime(d: Date | number): string {
  const s = new Date(d).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}
