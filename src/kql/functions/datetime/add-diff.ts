/**
 * datetime_add(period, amount, datetime) and datetime_diff(period, datetime1, datetime2).
 * datetime_diff counts period boundaries crossed between the two (calendar fields for year, quarter and month;
 * Sunday-based weeks; fixed units below that), so datetime_diff('year', 2017-01-01, 2016-12-31) is 1.
 */
import { defineScalar } from '../registry.ts';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND } from '../../values/datetime.ts';
import { toNumber } from '../common/values.ts';
import { addMonths, dayOfWeek, startOfDay, toParts } from './calendar.ts';

const FIXED: Record<string, number> = {
  week: 7 * TICKS_PER_DAY, day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE, second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS, microsecond: 10, nanosecond: 0.01,
};

function normalise(period: string): string {
  const p = period.toLowerCase().trim();
  return p.endsWith('s') && p !== 's' ? p.slice(0, -1) : p;
}

defineScalar((F) => F.DatetimeAdd, () => (period: unknown, amount: unknown, date: unknown) => {
  if (typeof period !== 'string' || typeof date !== 'number') return null;
  const n = toNumber(amount);
  if (n === null) return null;
  const k = Math.trunc(n);
  const p = normalise(period);
  if (p === 'year') return addMonths(date, 12 * k);
  if (p === 'quarter') return addMonths(date, 3 * k);
  if (p === 'month') return addMonths(date, k);
  const unit = FIXED[p];
  if (unit === undefined) return null;
  return date + Math.round(k * unit);
});

export function datetimeDiff(period: string, a: number, b: number): number | null {
  const p = normalise(period);
  if (p === 'year' || p === 'quarter' || p === 'month') {
    const x = toParts(a);
    const y = toParts(b);
    if (p === 'year') return x.year - y.year;
    if (p === 'quarter') return x.year * 4 + Math.floor((x.month - 1) / 3) - (y.year * 4 + Math.floor((y.month - 1) / 3));
    return x.year * 12 + x.month - (y.year * 12 + y.month);
  }
  if (p === 'week') {
    const wa = startOfDay(a) - dayOfWeek(a) * TICKS_PER_DAY;
    const wb = startOfDay(b) - dayOfWeek(b) * TICKS_PER_DAY;
    return Math.round((wa - wb) / (7 * TICKS_PER_DAY));
  }
  if (p === 'nanosecond') return Math.round((a - b) * 100);
  const unit = FIXED[p];
  if (unit === undefined) return null;
  return Math.floor(a / unit) - Math.floor(b / unit);
}

defineScalar((F) => F.DatetimeDiff, (site) => {
  // The period is nearly always a literal: resolve fixed-size units once.
  const constant = typeof site.constants[0] === 'string' ? normalise(site.constants[0]) : null;
  const unit = constant !== null && constant !== 'week' && constant !== 'nanosecond' ? FIXED[constant] : undefined;
  if (unit !== undefined) {
    return (_period: unknown, a: unknown, b: unknown) =>
      typeof a === 'number' && typeof b === 'number' ? Math.floor(a / unit) - Math.floor(b / unit) : null;
  }
  return (period: unknown, a: unknown, b: unknown) =>
    typeof period === 'string' && typeof a === 'number' && typeof b === 'number' ? datetimeDiff(period, a, b) : null;
});
