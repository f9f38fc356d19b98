/**
 * A progress line on stderr while data loads, for loads long enough to wonder about (shown after the first second),
 * and only when stderr is a terminal: piped or redirected output, and CI logs, stay clean.
 */
import cliProgress from 'cli-progress';
import type { ReadProgress } from '../kql/index.ts';

const SHOW_AFTER_MS = 1000;

export interface LoadProgress {
  onProgress: (p: ReadProgress) => void;
  stop: () => void;
}

export function loadProgress(label: string, stream: NodeJS.WriteStream = process.stderr): LoadProgress {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  const mb = (n: number) => Math.round(n / 1e6);
  return {
    onProgress: (p) => {
      if (!bar) {
        if (Date.now() - started < SHOW_AFTER_MS) return;
        bar = new cliProgress.SingleBar({ stream, format: `${label} {bar} {percentage}% {value}/{total} MB {file}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(Math.max(1, mb(p.totalBytes)), mb(p.bytes), { file: p.file });
      }
      bar.update(mb(p.bytes), { file: p.file });
    },
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}
