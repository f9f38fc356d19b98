/**
 * `content lint --cache`: the per-file part of a lint (binding the query, Kusto's advice, our checks, output columns,
 * the replay verdict) kept between runs, as eslint's --cache does. An entry is reused only when its file's text is
 * unchanged and so is everything else a file's result depends on (the context): the linter's own code (named by
 * the caller; the `content` launcher fingerprints the sources), the table schemas, the workspace functions, the
 * lint settings and options. Checks across files (unique ids, --base) always run. A missing, unreadable or foreign
 * cache file is simply an empty cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const FORMAT = 1;

interface CacheFile<T> { format: number; context: string; entries: Record<string, { hash: string; value: T }> }

export class LintCache<T> {
  private readonly entries: Record<string, { hash: string; value: T }>;
  private dirty = false;
  hits = 0;

  private constructor(private readonly path: string, private readonly context: string, stored: CacheFile<T> | undefined) {
    this.entries = stored && stored.format === FORMAT && stored.context === context ? stored.entries : {};
    if (stored && !(stored.format === FORMAT && stored.context === context)) this.dirty = true;
  }

  /** Opens the cache at `path` for results computed under `context` (any JSON-serialisable description). */
  static open<T>(path: string, context: unknown): LintCache<T> {
    let stored: CacheFile<T> | undefined;
    try {
      stored = JSON.parse(readFileSync(path, 'utf8')) as CacheFile<T>;
    } catch {
      stored = undefined;
    }
    return new LintCache<T>(path, hashOf(JSON.stringify(context)), stored);
  }

  /** The result stored for `file` when its text is `text`, else computes, stores and returns it. */
  through(file: string, text: string, compute: () => T): T {
    const hash = hashOf(text);
    const hit = this.entries[file];
    if (hit && hit.hash === hash) {
      this.hits++;
      return hit.value;
    }
    const value = compute();
    this.entries[file] = { hash, value };
    this.dirty = true;
    return value;
  }

  /** Writes the cache when anything changed (to a temporary file, then renamed over the old one). */
  save(): void {
    if (!this.dirty) return;
    const data: CacheFile<T> = { format: FORMAT, context: this.context, entries: this.entries };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.path);
    this.dirty = false;
  }
}

function hashOf(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
