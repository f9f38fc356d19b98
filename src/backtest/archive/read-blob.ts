/**
 * The records of one PT1H.json blob. Current blobs are JSON lines (one record per line, appended as the hour goes);
 * blobs written before November 2018 are one `{"records": [...]}` document (Microsoft Learn, "Prepare for format
 * change to Azure Monitor resource logs archived to a storage account"). Both are read; a line that is not a JSON
 * object is reported at its line and column and skipped, so one bad record never hides the others.
 */
import { readFileSync } from 'node:fs';

export interface BlobProblem { file: string; line: number; column: number; message: string }

export function readBlob(file: string, problems: BlobProblem[]): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ file, line: 1, column: 1, message: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
    return [];
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.search(/\S/);
  if (start < 0) return [];
  if (/^\{\s*"records"\s*:/.test(text.slice(start))) {
    try {
      const doc = JSON.parse(text) as { records?: unknown };
      if (Array.isArray(doc.records)) {
        return doc.records.filter((r, i) => {
          const ok = r !== null && typeof r === 'object' && !Array.isArray(r);
          if (!ok) problems.push({ file, line: 1, column: 1, message: `records[${i}] is not a JSON object; skipped` });
          return ok;
        }) as Record<string, unknown>[];
      }
    } catch {
      // Not one document after all: read as JSON lines below (the error is reported per line).
    }
  }
  const out: Record<string, unknown>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const trimmed = line.trim();
    if (!trimmed) continue;
    // A record line may end with a comma when a tool re-joins lines into an array: accepted.
    const body = trimmed.replace(/,$/, '');
    try {
      const v = JSON.parse(body);
      if (v && typeof v === 'object' && !Array.isArray(v)) { out.push(v as Record<string, unknown>); continue; }
      problems.push({ file, line: i + 1, column: line.indexOf(trimmed) + 1, message: 'expected one JSON object (a resource log record) per line; skipped' });
    } catch (e) {
      const pos = /position (\d+)/.exec((e as Error).message);
      problems.push({ file, line: i + 1, column: line.indexOf(trimmed) + 1 + (pos ? Number(pos[1]) : 0), message: `not valid JSON (${(e as Error).message}); the record is skipped` });
    }
  }
  return out;
}
