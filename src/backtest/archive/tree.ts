/**
 * A storage-account archive of Azure Monitor logs, downloaded as it is (for example with `azcopy copy
 * 'https://ACCOUNT.blob.core.windows.net/insights-logs-auditevent' DIR --recursive`). Diagnostic settings write one
 * blob per resource and hour, `insights-logs-{category}/resourceId={resource id}/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`;
 * the Activity log writes `insights-activity-logs/resourceId=/SUBSCRIPTIONS/{id}/y=.../PT1H.json` (Microsoft Learn,
 * "Azure resource logs" → "Send to Azure Storage", and "Azure Activity log" → "Send to Azure Storage").
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ArchiveBlob {
  file: string;
  /** `insights-logs-auditevent`, `insights-activity-logs`, ... */
  container: string;
  /** The resource id in the path (upper-case as Azure writes it). */
  resourceId: string;
  /** Start of the hour the blob holds. */
  hour: Date;
}

const CONTAINER = /^insights-(logs-[a-z0-9-]+|activity-logs)$/i;
const HOUR_PATH = /(?:^|[/\\])y=(\d{4})[/\\]m=(\d{2})[/\\]d=(\d{2})[/\\]h=(\d{2})[/\\]m=(\d{2})[/\\]PT1H\.json$/i;

/** The archive containers under DIR (DIR itself, its children, or its grandchildren), or none when it is not one. */
export function archiveContainers(dir: string): string[] {
  const out: string[] = [];
  const look = (d: string, depth: number) => {
    const name = d.split(sep).pop() ?? '';
    if (CONTAINER.test(name)) { out.push(d); return; }
    if (depth === 0) return;
    let entries: string[] = [];
    try { entries = readdirSync(d); } catch { return; }
    for (const e of entries.sort()) {
      const p = join(d, e);
      try { if (statSync(p).isDirectory()) look(p, depth - 1); } catch { /* unreadable: skipped */ }
    }
  };
  look(dir, 2);
  return out;
}

export function isArchive(dir: string): boolean {
  return archiveContainers(dir).length > 0;
}

/** Every PT1H.json blob of the archive, in container, resource and hour order. */
export function archiveBlobs(dir: string): ArchiveBlob[] {
  const out: ArchiveBlob[] = [];
  for (const c of archiveContainers(dir)) {
    const container = c.split(sep).pop()!;
    const walk = (d: string) => {
      for (const e of readdirSync(d).sort()) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) { walk(p); continue; }
        const rel = relative(c, p).split(sep).join('/');
        const m = HOUR_PATH.exec(rel);
        if (!m) continue;
        const rid = /^resourceId=(.*?)\/y=\d{4}\//i.exec(rel);
        out.push({ file: p, container, resourceId: rid ? rid[1]! : '', hour: new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!)) });
      }
    };
    walk(c);
  }
  return out;
}
