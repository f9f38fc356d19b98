/**
 * make_datetime(year, month, day[, hour, minute, second]) (second may be fractional) and make_timespan(hour,
 * minute[, second]) or make_timespan(day, hour, minute, second). Out-of-range fields give null.
 * unixtime_{seconds,milliseconds,microseconds,nanoseconds}_todatetime(n).
 */
import { defineScalar } from '../registry.ts';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, datetimeFromUnixMs } from '../../values/datetime.ts';
import { toNumber } from '../common/values.ts';
import { daysInMonth, fromParts } from './calendar.ts';

defineScalar((F) => F.MakeDatetime, () => (...args: unknown[]) => {
  const n = args.map(toNumber);
  if (n.some((x) => x === null || !Number.isFinite(x))) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = n as number[];
  if (year! < 1 || year! > 9999 || month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second >= 60) return null;
  const whole = Math.floor(second);
  return fromParts(year!, month!, day!, Math.trunc(hour), Math.trunc(minute), whole) + Math.round((second - whole) * TICKS_PER_SECOND);
});

defineScalar((F) => F.MakeTimespan, () => (...args: unknown[]) => {
  const n = args.map(toNumber);
  if (n.some((x) => x === null || !Number.isFinite(x))) return null;
  const [d, h, m, s] = n.length >= 4 ? (n as number[]) : [0, n[0]!, n[1]!, n[2] ?? 0];
  return Math.round(d! * TICKS_PER_DAY + h! * TICKS_PER_HOUR + m! * TICKS_PER_MINUTE + s! * TICKS_PER_SECOND);
});

function fromUnix(ticksPerUnit: number) {
  return () => (v: unknown) => {
    if (typeof v === 'bigint' && ticksPerUnit < 10_000) {
      // Exact for nanoseconds beyond 2^53: split into whole milliseconds and the rest.
      const unitsPerMs = BigInt(Math.round(1e4 / ticksPerUnit));
      const ms = v / unitsPerMs;
      const rest = v - ms * unitsPerMs;
      return datetimeFromUnixMs(Number(ms)) + Number(rest) * ticksPerUnit;
    }
    const n = toNumber(v);
    if (n === null || !Number.isFinite(n) || typeof v === 'string') return null;
    return datetimeFromUnixMs(0) + Math.round(n * ticksPerUnit);
  };
}
defineScalar((F) => F.UnixTimeSecondsToDateTime, fromUnix(TICKS_PER_SECOND));
defineScalar((F) => F.UnixTimeMillisecondsToDateTime, fromUnix(10_000));
defineScalar((F) => F.UnixTimeMicrosecondsToDateTime, fromUnix(10));
defineScalar((F) => F.UnixTimeNanosecondsToDateTime, fromUnix(0.01));
