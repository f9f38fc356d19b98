/** strcat_delim(delimiter, a1, ..., an) and strcat_array(array, delimiter) (alias array_strcat). */
import { defineScalar } from '../registry.ts';
import { formatDynamic, formatValue } from '../common/values.ts';

defineScalar((F) => F.StrcatDelim, (site) => (delimiter: unknown, ...args: unknown[]) =>
  args.map((a, i) => formatValue(a, site.argTypes[i + 1] ?? 'unknown')).join(formatValue(delimiter, site.argTypes[0] ?? 'unknown')));

const strcatArray = () => (array: unknown, delimiter: unknown) => {
  if (!Array.isArray(array)) return '';
  const d = typeof delimiter === 'string' ? delimiter : '';
  return array.map((e) => (e === null ? '' : typeof e === 'string' ? e : formatDynamic(e))).join(d);
};
defineScalar((F) => F.StrcatArray, strcatArray);
defineScalar((F) => F.ArrayStrcat, strcatArray);
