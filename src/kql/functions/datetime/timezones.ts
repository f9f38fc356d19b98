/**
 * datetime_utc_to_local(dt, tz), datetime_local_to_utc(dt, tz) and datetime_list_timezones(), with the IANA time
 * zone database of the ICU that Node.js ships (the reference's timezones are IANA names; aliases such as
 * `US/Pacific` are accepted). An unknown zone or a null datetime gives null. Local to UTC: a local time the clocks
 * skip (the spring-forward gap) maps with the offset in force after the change, as the reference's
 * Europe/Brussels example shows (02:00 local on 2022-03-27 is 00:00 UTC).
 */
import { defineScalar } from '../registry.ts';
import { toDatetimeTicks } from '../common/values.ts';
import { datetimeFromUnixMs, datetimeToUnixMs } from '../../values/datetime.ts';

const formats = new Map<string, Intl.DateTimeFormat | null>();

function formatFor(tz: string): Intl.DateTimeFormat | null {
  let f = formats.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      f = null;
    }
    if (formats.size < 1000) formats.set(tz, f);
  }
  return f;
}

/** The zone's offset from UTC at the UTC instant `ms` (whole milliseconds), in milliseconds. */
function offsetAt(f: Intl.DateTimeFormat, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(whole))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - whole;
}

function convert(toLocal: boolean) {
  return () => (dt: unknown, tz: unknown) => {
    const ticks = toDatetimeTicks(dt, 'datetime');
    if (ticks === null || typeof tz !== 'string') return null;
    const f = formatFor(tz);
    if (!f) return null;
    const ms = datetimeToUnixMs(ticks);
    if (!Number.isFinite(ms)) return null;
    const rest = ticks - datetimeFromUnixMs(Math.floor(ms));
    let out: number;
    if (toLocal) out = Math.floor(ms) + offsetAt(f, ms);
    else {
      const local = Math.floor(ms);
      const t0 = local - offsetAt(f, local);
      const t1 = local - offsetAt(f, t0);
      out = t1 + offsetAt(f, t1) === local ? t1 : t0;
    }
    return datetimeFromUnixMs(out) + rest;
  };
}

defineScalar((F) => F.DatetimeUtcToLocal, convert(true));
defineScalar((F) => F.DatetimeLocalToUtc, convert(false));

defineScalar((F) => F.DateTimeListTimezones, () => {
  const zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  return () => [...zones];
});
