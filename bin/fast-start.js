// Fast start for the `content` CLI. Running the TypeScript sources through tsx and loading the Kusto parser cost
// about 3 s before any work; fast start removes most of it with two caches under node_modules/.cache/<package>/:
//
//   cli-<key>/          the CLI bundled by esbuild into ESM chunks (commands stay lazily loaded). The key is the
//                       source fingerprint (every file under src/ by path, size and mtime, the lock file, this script
//                       and esbuild's version) and the project's location, which the bundle embeds (the sources'
//                       own paths, and the external packages resolved from the project's node_modules), so an edited
//                       source, a moved checkout or a second checkout sharing the cache gets its own bundle (about
//                       0.5 s to build) on the next run.
//   kusto-<key>.blob    a V8 start-up snapshot with Kusto.Language loaded and warmed up (kusto-snapshot.cjs), keyed
//                       by the Node.js binary, NODE_OPTIONS and node flags (V8 flags must match), the parser's version,
//                       directory (the snapshot holds its file names) and the snapshot script; built once (about 4 s)
//                       and started once before it is used.
//
// Both are built on first use, or ahead of time by `npm ci` (the `prepare` script runs `node bin/fast-start.js`).
// Builds go to a temporary name and are renamed into place, so concurrent runs never see half a cache; a run that
// finds another building the same entry waits for it rather than building it too.
// `CONTENT_FAST_START=0` runs the sources through tsx instead; `CONTENT_CACHE_DIR` puts the caches elsewhere (for a
// read-only checkout).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** Cache entries not used by this build are removed once they are this old (a running process may still use one). */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

function cacheDir() {
  if (process.env.CONTENT_CACHE_DIR) return resolve(process.env.CONTENT_CACHE_DIR);
  const { name } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  return join(repo, 'node_modules', '.cache', name);
}

function hash(parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Every file under src/, with size and mtime, plus what else the bundle depends on. */
export function sourceFingerprint(root = repo) {
  const parts = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const s = statSync(path);
        parts.push(relative(root, path), s.size, s.mtimeMs);
      }
    }
  };
  walk(join(root, 'src'));
  for (const file of ['package-lock.json', 'bin/fast-start.js']) {
    const path = join(root, file);
    if (existsSync(path)) parts.push(file, readFileSync(path));
  }
  parts.push(require('esbuild/package.json').version);
  return hash(parts);
}

/** Builds into `<final>.tmp-<pid>` with `build(tmp)`, then renames it into place; a concurrent winner is kept. */
async function buildAtomically(final, build) {
  const tmp = `${final}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await build(tmp);
    try {
      renameSync(tmp, final);
    } catch (e) {
      if (!existsSync(final)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** How long a run waits for another process's build of the same entry before building its own. */
const BUILD_WAIT_MS = 120_000;

/**
 * Builds `final` with `build` unless it exists; while another process builds it (its lock, `<final>.lock`, holds the
 * builder's pid) this one waits for that build instead of doing the same work. A lock whose process is gone, or
 * older than BUILD_WAIT_MS, is taken over; when no lock can be had, it builds anyway (buildAtomically keeps one).
 */
async function buildOnce(final, build) {
  const lock = `${final}.lock`;
  const deadline = Date.now() + BUILD_WAIT_MS;
  let locked = false;
  while (!existsSync(final)) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      locked = true;
      break;
    } catch (e) {
      if (e.code !== 'EEXIST' || Date.now() > deadline) break;
      if (lockAbandoned(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (!existsSync(final)) await buildAtomically(final, build);
  } finally {
    if (locked) rmSync(lock, { recursive: true, force: true });
  }
}

function lockAbandoned(lock) {
  try {
    if (Date.now() - statSync(lock).mtimeMs > BUILD_WAIT_MS) return true;
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    if (!pid) return false; // being written
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === 'ESRCH';
  }
}

const EXTERNAL_PACKAGES = ['@azure/*', 'playwright-core', '@kusto/*', 'esbuild', 'tsx', 'vitest', 'vite'];

async function ensureBundle(cache, fingerprint) {
  const dir = join(cache, `cli-${hash([fingerprint, repo])}`);
  const start = join(dir, 'start.cjs');
  if (existsSync(start)) return start;
  const { build } = await import('esbuild');
  await buildOnce(dir, async (out) => {
    await build({
      entryPoints: { run: join(repo, 'src/cli/run.ts') },
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outExtension: { '.js': '.mjs' },
      // Small pure-JS packages are bundled (no resolution or CommonJS export scan at run time); these are loaded from
      // node_modules as usual: the Azure SDK and the browser driver (large, only some commands use them) and the
      // parser (already in the snapshot).
      external: EXTERNAL_PACKAGES,
      // Bundled CommonJS packages call require(); ESM output has none of its own.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      sourcemap: 'linked',
      logLevel: 'silent',
      plugins: [sourceLocation, externalsFromProject],
    });
    writeFileSync(join(out, 'start.cjs'), [
      '// Started by the Kusto snapshot (see bin/kusto-snapshot.cjs): runs the bundled CLI with the given arguments.',
      "module.exports = (argv) => import('./run.mjs').then((m) => m.run(argv)).catch((e) => {",
      "  process.stderr.write(`content: internal error: ${e && e.message ? e.message : e}\\n`);",
      '  process.exitCode = 2;',
      '});',
      '',
    ].join('\n'));
  });
  return start;
}

/**
 * `import.meta.url` and `import.meta.dirname` keep naming the source file, as they do when the sources run
 * directly: code that finds the project's schemas or the parser relative to itself works the same from the bundle.
 */
const sourceLocation = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      if (contents.includes('import.meta.')) {
        contents = contents
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
      }
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * The external packages are imported from the project's node_modules, not looked up from the bundle's own location
 * (which is outside the project when CONTENT_CACHE_DIR moves the cache): each import is resolved here, at build time,
 * as Node would resolve it from the sources (the `import` or `require` conditions by the kind of import), and the
 * bundle imports the resolved file.
 */
const externalsFromProject = {
  name: 'externals-from-project',
  setup(build) {
    const isExternal = (spec) => EXTERNAL_PACKAGES.some((p) => (p.endsWith('/*') ? spec.startsWith(p.slice(0, -1)) : spec === p || spec.startsWith(`${p}/`)));
    build.onResolve({ filter: /^[@a-z]/ }, (args) => {
      if (!isExternal(args.path)) return undefined;
      try {
        // The sources and this script share the project's node_modules, so resolving from here is resolving from them.
        if (args.kind === 'require-call') return { path: createRequire(args.importer || import.meta.url).resolve(args.path), external: true };
        return { path: import.meta.resolve(args.path), external: true };
      } catch {
        // Not installed (a development or optional package): left to fail, or be caught, where it is imported.
        return { path: args.path, external: true };
      }
    });
  },
};

async function ensureSnapshot(cache) {
  const kustoDir = dirname(require.resolve('@kusto/language-service-next/package.json'));
  const script = join(repo, 'bin/kusto-snapshot.cjs');
  // V8 refuses a snapshot built under other V8 flags, and NODE_OPTIONS may carry some (--max-old-space-size):
  // the snapshot is built, keyed and checked under the NODE_OPTIONS the CLI runs with.
  const nodeOptions = process.env.NODE_OPTIONS ?? '';
  const flags = childFlags();
  const key = hash([
    process.version, process.arch, process.platform, process.execPath, nodeOptions, flags.join(' '), kustoDir,
    readFileSync(join(kustoDir, 'package.json')), readFileSync(script),
  ]);
  const blob = join(cache, `kusto-${key}.blob`);
  if (existsSync(blob)) return blob;
  // The one slow step (a few seconds, once per Node.js version and NODE_OPTIONS): say so on a terminal.
  if (process.stderr.isTTY) process.stderr.write('content: preparing fast start (once, a few seconds)...\n');
  await buildOnce(blob, async (out) => {
    const env = { ...process.env, CONTENT_KUSTO_DIR: kustoDir };
    const built = spawnSync(process.execPath, [...flags, '--snapshot-blob', out, '--build-snapshot', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (built.status !== 0 || !existsSync(out)) {
      throw new Error(`building the Kusto start-up snapshot failed: ${firstLine(built.stderr || built.error?.message)}`);
    }
    // Start it once, as the CLI will, before anyone relies on it.
    const probe = `${out}.probe.cjs`;
    writeFileSync(probe, "module.exports = () => process.stdout.write(typeof Kusto === 'object' ? 'ready' : 'no parser');\n");
    try {
      const started = spawnSync(process.execPath, [...flags, '--snapshot-blob', out, probe], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (started.stdout !== 'ready') throw new Error(`the Kusto start-up snapshot does not start: ${firstLine(started.stderr || started.stdout)}`);
    } finally {
      rmSync(probe, { force: true });
    }
  });
  return blob;
}

/**
 * The node flags `content` itself was started with (`node --max-old-space-size=8192 bin/content.js ...`), passed on
 * to the CLI's process. Inspector flags stay with this process (both would claim the same port).
 */
export function childFlags() {
  return process.execArgv.filter((f) => !/^--(inspect|debug)/.test(f));
}

function firstLine(text) {
  return String(text ?? '').trim().split('\n')[0];
}

function prune(cache, keep) {
  const now = Date.now();
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (keep.includes(path)) continue;
    try {
      if (now - statSync(path).mtimeMs > PRUNE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}

/**
 * The snapshot and the bundle's start script, built when missing, for the sources `fingerprint` describes
 * (sourceFingerprint()). Throws when they cannot be built.
 */
export async function prepareFastStart(fingerprint = sourceFingerprint()) {
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  const [start, blob] = await Promise.all([ensureBundle(cache, fingerprint), ensureSnapshot(cache)]);
  prune(cache, [dirname(start), blob]);
  return { blob, start };
}

// `node bin/fast-start.js` (the `prepare` script): build the caches now. It never fails the install: without the
// caches the CLI runs from the sources.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  try {
    await prepareFastStart();
    console.log(`content: fast start ready (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    console.log(`content: fast start not available, the CLI will run from its sources (${e.message})`);
  }
}
