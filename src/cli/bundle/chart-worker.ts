/** `dist/bin/chart-worker.js`: the chart worker (src/report/chart-worker.ts) loaded from its bundle with its code cache. */
import { loadBundle } from './launch.js';

loadBundle(new URL('./chart-worker.cjs', import.meta.url));
