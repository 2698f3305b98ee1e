/**
 * `trace`: load a week of traffic at 1-second resolution (604,800 rows `time,rps`, ~8 MB) with the project's CSV
 * trace loader (`loadCsvTrace`). The file is written once, untimed; every timed run reads and parses it again.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStream } from '../../engine/random.js';
import { loadCsvTrace } from '../../workload/traffic/csv.js';
import { check, measure, type BenchCase } from '../harness.js';

const ROWS = 604_800;
export const TRACE_TARGET_SECONDS = 0.5;

/** A diurnal curve with seeded jitter, two decimals, like an exported metrics series. */
export function writeWeekTrace(file: string): number {
  const rng = createStream(1, 'bench/trace');
  const parts: string[] = ['time,rps\n'];
  let chunk = '';
  for (let t = 0; t < ROWS; t++) {
    const day = (t % 86_400) / 86_400;
    const rps = 325 + 275 * Math.sin(2 * Math.PI * (day - 0.33)) + 20 * (rng.next() - 0.5);
    chunk += `${t},${Math.max(0, rps).toFixed(2)}\n`;
    if (chunk.length > 1 << 16) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  const text = parts.join('');
  writeFileSync(file, text);
  return text.length;
}

export const traceCase: BenchCase = {
  name: 'trace',
  description: `loadCsvTrace of a ${ROWS.toLocaleString('en-US')}-row week at 1 s resolution`,
  async run(ctx) {
    const file = join(ctx.tmpDir, 'week.csv');
    const bytes = writeWeekTrace(file);
    const m = await measure(ctx, 'loadCsvTrace', () => {
      const trace = loadCsvTrace(file);
      if (trace.timesMs.length !== ROWS) throw new Error(`loaded ${trace.timesMs.length} rows, expected ${ROWS}`);
    });
    return {
      rows: [m],
      checks: [check('median wall', m.wall.median, '<=', TRACE_TARGET_SECONDS, 's')],
      metrics: { rows: ROWS, bytes, rowsPerSecond: ROWS / m.wall.median },
    };
  },
};
