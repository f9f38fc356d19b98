/**
 * Parts of a datetime: dayofweek (a timespan: days since Sunday), dayofmonth, dayofyear, hourofday, getyear,
 * getmonth, monthofyear, week_of_year (ISO 8601) and the deprecated weekofyear, datetime_part / datepart.
 */
import { defineScalar } from '../registry.ts';
import { TICKS_PER_DAY, TICKS_PER_HOUR } from '../../values/datetime.ts';
import { dayOfWeek, fromParts, isoWeek, startOfDay, toParts } from './calendar.ts';

const onDate = (f: (ticks: number) => number) => () => (d: unknown) => (typeof d === 'number' ? f(d) : null);

defineScalar((F) => F.DayOfWeek, onDate((t) => dayOfWeek(t) * TICKS_PER_DAY));
defineScalar((F) => F.DayOfMonth, onDate((t) => toParts(t).day));
defineScalar((F) => F.DayOfYear, onDate((t) => Math.round((startOfDay(t) - fromParts(toParts(t).year, 1, 1)) / TICKS_PER_DAY) + 1));
defineScalar((F) => F.HourOfDay, onDate((t) => Math.floor((t - startOfDay(t)) / TICKS_PER_HOUR)));
defineScalar((F) => F.GetYear, onDate((t) => toParts(t).year));
defineScalar((F) => F.GetMonth, onDate((t) => toParts(t).month));
defineScalar((F) => F.MonthOfYear, onDate((t) => toParts(t).month));
defineScalar((F) => F.WeekOfYearISO, onDate(isoWeek));
defineScalar((F) => F.WeekOfYear, onDate(isoWeek));

export function datetimePart(part: string, t: number): number | null {
  const p = toParts(t);
  switch (part.toLowerCase()) {
    case 'year': return p.year;
    case 'quarter': return Math.floor((p.month - 1) / 3) + 1;
    case 'month': return p.month;
    case 'week_of_year': case 'weekofyear': case 'week': return isoWeek(t);
    case 'day': return p.day;
    case 'dayofyear': return Math.round((startOfDay(t) - fromParts(p.year, 1, 1)) / TICKS_PER_DAY) + 1;
    case 'hour': return p.hour;
    case 'minute': return p.minute;
    case 'second': return p.second;
    case 'millisecond': return p.ms;
    case 'microsecond': return p.ms * 1000 + Math.floor(p.subMs / 10);
    case 'nanosecond': return (p.ms * 10_000 + p.subMs) * 100;
    default: return null;
  }
}

const part = () => (name: unknown, d: unknown) => (typeof name === 'string' && typeof d === 'number' ? datetimePart(name, d) : null);
defineScalar((F) => F.DatetimePart, part);
defineScalar((F) => F.DatePart, part);
