/**
 * `--watch` for `content lint` and `content test`: runs once, then again whenever a content file changes, in the
 * same process (the parser and engine stay loaded, so a rerun costs the work itself, not the start-up). Changes are
 * gathered for a short while and runs never overlap: a change during a run queues one more run.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CliIO } from './io.ts';

export interface WatchOptions {
  /** Directories watched recursively and single files watched directly; missing ones are skipped. */
  paths: string[];
  /** Runs once at the start (with no files) and after each batch of changes (with their paths, relative to cwd). */
  run: (changed: string[]) => Promise<void>;
  /** Stops watching; default: the io's signal, else SIGINT / SIGTERM. */
  signal?: AbortSignal;
  /** Changes to leave alone (paths relative to cwd), e.g. files the run itself writes. */
  ignore?: (path: string) => boolean;
  debounceMs?: number;
}

/** Content files: YAML, JSON and data files; editor swap and backup files are ignored. */
const WATCHED = /\.(ya?ml|json|jsonl|csv)$/i;
const IGNORED = /(^|[\\/])(\.#|#)|~$|\.sw[px]$/;

export async function watchAndRun(io: CliIO, options: WatchOptions): Promise<void> {
  const stop = options.signal ?? io.signal ?? signalFromProcess();
  const targets = options.paths.map((p) => resolve(io.cwd, p)).filter((p) => existsSync(p));
  const shown = targets.map((p) => relative(io.cwd, p) || '.');
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let queued = false;

  const runNow = async (changed: string[]) => {
    if (io.isTTY) io.stdout('\x1b[2J\x1b[H');
    if (changed.length) io.stderr(`content: ${changed.length === 1 ? changed[0] : `${changed.length} files`} changed\n`);
    try {
      await options.run(changed);
    } catch (e) {
      io.stderr(`content: ${(e as Error).message}\n`);
    }
    io.stderr(`content: watching ${shown.join(', ')} (Ctrl-C to stop)\n`);
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    running = running.then(async () => {
      queued = false;
      const changed = [...pending].sort();
      pending.clear();
      if (changed.length && !stop.aborted) await runNow(changed);
    });
  };

  running = runNow([]);
  const watchers: FSWatcher[] = [];
  // Each directory is watched on its own: Node's recursive watch on Linux loses a file that an editor replaces
  // (write to a temporary file, rename over the original).
  for (const target of targets) {
    const isDirectory = statSync(target).isDirectory();
    for (const dir of isDirectory ? directoriesUnder(target) : [target]) {
      watchers.push(watch(dir, (_event, name) => {
        const file = isDirectory && name ? resolve(dir, String(name)) : dir;
        const rel = relative(io.cwd, file);
        if (!WATCHED.test(file) || IGNORED.test(file) || options.ignore?.(rel)) return;
        pending.add(rel);
        clearTimeout(timer);
        timer = setTimeout(schedule, options.debounceMs ?? 150);
      }));
    }
  }
  await new Promise<void>((done) => {
    if (stop.aborted) done();
    else stop.addEventListener('abort', () => done(), { once: true });
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
}

function directoriesUnder(root: string): string[] {
  const out = [root];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...directoriesUnder(join(root, entry.name)));
  }
  return out;
}

function signalFromProcess(): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return controller.signal;
}
