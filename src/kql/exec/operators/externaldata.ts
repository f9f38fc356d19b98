/** externaldata: the URL's file name is read from EngineOptions.externalDataRoot; the network is never used. */
import { readFileSync } from 'node:fs';
import { basename, join as joinPath, resolve, sep } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import type { RunContext } from '../context.ts';
import { castValue } from '../cast.ts';

export function executeExternalData(plan: Extract<Plan, { op: 'externaldata' }>, rc: RunContext): Table {
  const root = rc.externalDataRoot;
  if (!root) {
    throw new KqlError('KQL_DATA', `externaldata: no local directory configured for ${plan.urls[0] ?? 'the URL'}; set externalDataRoot (the engine never reads the network)`);
  }
  const [format, skip] = plan.format.split(':');
  const data: unknown[][] = plan.columns.map(() => []);
  let rowCount = 0;
  for (const url of plan.urls) {
    const name = basename(url.split(/[?#]/)[0]!);
    const file = resolve(joinPath(root, name));
    if (!file.startsWith(resolve(root) + sep)) throw new KqlError('KQL_DATA', `externaldata: ${url} does not map to a file under ${root}`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new KqlError('KQL_DATA', `externaldata: ${url} maps to ${file}, which cannot be read; put the file there`);
    }
    let records: Record<string, unknown>[] | unknown[][];
    if (format === 'json' || format === 'multijson') {
      records = text.split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
        try { return JSON.parse(l) as Record<string, unknown>; } catch { throw new KqlError('KQL_DATA', `${file}:${i + 1}: not valid JSON`); }
      });
    } else {
      const delimiter = format === 'tsv' ? '\t' : format === 'txt' ? '\u0001' : ',';
      records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown[][];
      if (skip) records = records.slice(1);
    }
    for (const r of records) {
      plan.columns.forEach((c, j) => {
        const raw = Array.isArray(r) ? r[j] : (r as Record<string, unknown>)[c.name];
        data[j]!.push(c.type === 'string' ? (raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw)) : castValue(raw, c.type));
      });
      rowCount++;
    }
  }
  return { columns: plan.columns, data, rowCount };
}
