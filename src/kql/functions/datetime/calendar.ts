/** Calendar arithmetic on datetime ticks (100 ns since 2020-01-01, see values/datetime.ts), always in UTC. */
import { TICKS_PER_DAY, TICKS_PER_MS, datetimeFromUnixMs, datetimeToUnixMs } from '../../values/datetime.ts';

export interface DateParts { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; subMs: number }

export function toParts(ticks: number): DateParts {
  const msFloor = Math.floor(ticks / TICKS_PER_MS);
  const subMs = Math.round(ticks - msFloor * TICKS_PER_MS);
  const d = new Date(datetimeToUnixMs(msFloor * TICKS_PER_MS));
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds(), subMs,
  };
}

/** Ticks of a calendar date; month and day may overflow (they carry, as Date.UTC does). */
export function fromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return datetimeFromUnixMs(d.getTime()) + ms * TICKS_PER_MS;
}

export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

export function startOfDay(ticks: number): number {
  return Math.floor(ticks / TICKS_PER_DAY) * TICKS_PER_DAY;
}

/** 0 = Sunday ... 6 = Saturday (2020-01-01 was a Wednesday). */
export function dayOfWeek(ticks: number): number {
  return (((Math.floor(ticks / TICKS_PER_DAY) + 3) % 7) + 7) % 7;
}

export function addMonths(ticks: number, months: number): number {
  const p = toParts(ticks);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(p.day, daysInMonth(year, month));
  return fromParts(year, month, day, p.hour, p.minute, p.second, p.ms) + p.subMs;
}

/** ISO 8601 week number (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeek(ticks: number): number {
  const p = toParts(ticks);
  const target = new Date(0);
  target.setUTCFullYear(p.year, p.month - 1, p.day);
  const dow = (target.getUTCDay() + 6) % 7;
  target.setUTCDate(target.getUTCDate() - dow + 3); // the Thursday of this week decides the year
  const thursday = target.getTime();
  target.setUTCMonth(0, 1);
  if (target.getUTCDay() !== 4) target.setUTCMonth(0, 1 + ((4 - target.getUTCDay() + 7) % 7));
  return 1 + Math.ceil((thursday - target.getTime()) / 604_800_000);
}
