// Runs before each test file (vitest setupFiles): its scratch directories go when its tests are done.
import { afterAll } from 'vitest';
import { removeScratchDirs } from '../scratch.ts';

afterAll(removeScratchDirs);
