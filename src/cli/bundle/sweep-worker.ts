/** `dist/bin/sweep-worker.js`: a sweep worker (src/compare/sweep-worker.ts) loaded from its bundle with its code cache. */
import { loadBundle } from './launch.js';

loadBundle(new URL('./sweep-worker.cjs', import.meta.url));
