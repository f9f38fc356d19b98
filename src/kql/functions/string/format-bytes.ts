/** format_bytes(size[, precision[, units[, base]]]): "564 Bytes", "10.1 KB", "19.08 MB" (base 1024 by default). */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';

const UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

defineScalar((F) => F.FormatBytes, () => (size: unknown, precision?: unknown, units?: unknown, base?: unknown) => {
  const n = toNumber(size);
  if (n === null || typeof size === 'string') return '';
  const p = Math.max(0, Math.trunc(toNumber(precision ?? 0) ?? 0));
  const b = toNumber(base ?? 1024) === 1000 ? 1000 : 1024;
  let idx = typeof units === 'string' && units !== '' ? UNITS.findIndex((u) => u.toLowerCase() === units.toLowerCase()) : -1;
  if (idx < 0) {
    idx = 0;
    while (idx < UNITS.length - 1 && Math.abs(n) >= b ** (idx + 1)) idx++;
  }
  const value = n / b ** idx;
  const text = p === 0 ? String(Math.round(value)) : String(Math.round(value * 10 ** p) / 10 ** p);
  return `${text} ${UNITS[idx]}`;
});
