/**
 * startofday/week/month/year(date[, offset]) and endofday/week/month/year(date[, offset]): the start (or the
 * last tick) of the period holding date, shifted by offset periods. Weeks start on Sunday.
 */
import { defineScalar } from '../registry.ts';
import { TICKS_PER_DAY } from '../../values/datetime.ts';
import { toNumber } from '../common/values.ts';
import { addMonths, dayOfWeek, fromParts, startOfDay, toParts } from './calendar.ts';

type Period = 'day' | 'week' | 'month' | 'year';

export function startOf(period: Period, ticks: number, offset = 0): number {
  switch (period) {
    case 'day': return startOfDay(ticks) + offset * TICKS_PER_DAY;
    case 'week': return startOfDay(ticks) - dayOfWeek(ticks) * TICKS_PER_DAY + offset * 7 * TICKS_PER_DAY;
    case 'month': {
      const p = toParts(ticks);
      return addMonths(fromParts(p.year, p.month, 1), offset);
    }
    case 'year': return fromParts(toParts(ticks).year + offset, 1, 1);
  }
}

function define(period: Period, end: boolean) {
  return () => (date: unknown, offset?: unknown) => {
    if (typeof date !== 'number') return null;
    const off = offset === undefined ? 0 : toNumber(offset);
    if (off === null) return null;
    const k = Math.trunc(off);
    return end ? startOf(period, date, k + 1) - 1 : startOf(period, date, k);
  };
}

defineScalar((F) => F.StartOfDay, define('day', false));
defineScalar((F) => F.StartOfWeek, define('week', false));
defineScalar((F) => F.StartOfMonth, define('month', false));
defineScalar((F) => F.StartOfYear, define('year', false));
defineScalar((F) => F.EndOfDay, define('day', true));
defineScalar((F) => F.EndOfWeek, define('week', true));
defineScalar((F) => F.EndOfMonth, define('month', true));
defineScalar((F) => F.EndOfYear, define('year', true));
