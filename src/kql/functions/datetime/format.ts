/**
 * format_datetime(datetime, format) and format_timespan(timespan, format) with Kusto's .NET-style specifiers:
 * y/yy/yyyy, M/MM, d/dd, h/hh (12-hour), H/HH, m/mm, s/ss, f..fffffff (fraction digits), F..FFFFFFF (fraction
 * without trailing zeros), tt (AM/PM); for timespans d..dddddddd is the day count. Other characters are copied.
 */
import { defineScalar } from '../registry.ts';
import { timespanParts } from '../../values/datetime.ts';
import { toParts } from './calendar.ts';

interface Fields { year?: number; month?: number; day: number; hour: number; minute: number; second: number; fraction: number }

function fraction(digits: string, f: number, trim: boolean): string {
  let s = String(f).padStart(7, '0').slice(0, digits.length);
  if (trim) s = s.replace(/0+$/, '');
  return s;
}

function render(format: string, v: Fields, isTimespan: boolean): string {
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    let n = 1;
    while (format[i + n] === c) n++;
    const run = c.repeat(n);
    const pad = (x: number, w: number) => String(x).padStart(w, '0');
    switch (c) {
      case 'y': out += n <= 2 ? pad((v.year ?? 0) % 100, n) : pad(v.year ?? 0, n); break;
      case 'M': out += isTimespan ? run : pad(v.month ?? 0, Math.min(n, 2)); break;
      case 'd': out += pad(v.day, isTimespan ? n : Math.min(n, 2)); break;
      case 'h': out += isTimespan ? pad(v.hour, Math.min(n, 2)) : pad(v.hour % 12 === 0 ? 12 : v.hour % 12, Math.min(n, 2)); break;
      case 'H': out += pad(v.hour, Math.min(n, 2)); break;
      case 'm': out += pad(v.minute, Math.min(n, 2)); break;
      case 's': out += pad(v.second, Math.min(n, 2)); break;
      case 'f': out += fraction(run, v.fraction, false); break;
      case 'F': out += fraction(run, v.fraction, true); break;
      case 't': out += isTimespan ? run : (v.hour < 12 ? 'AM' : 'PM').slice(0, Math.min(n, 2)); break;
      default: out += run;
    }
    i += n;
  }
  return out;
}

defineScalar((F) => F.FormatDatetime, () => (date: unknown, format: unknown) => {
  if (typeof date !== 'number' || typeof format !== 'string') return '';
  const p = toParts(date);
  return render(format, { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, fraction: p.ms * 10_000 + p.subMs }, false);
});

defineScalar((F) => F.FormatTimespan, () => (span: unknown, format: unknown) => {
  if (typeof span !== 'number' || typeof format !== 'string') return '';
  const { negative, ...parts } = timespanParts(span);
  const text = render(format, parts, true);
  return negative ? `-${text}` : text;
});
