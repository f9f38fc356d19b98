// Boots the replayability worker: the worker thread needs its own TypeScript loader (tsx) before importing sources.
import { register } from 'tsx/esm/api';

register();
await import('./replay-worker.ts');
