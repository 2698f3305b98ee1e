/**
 * `long`: 13 simulated weeks as a user runs them — `kubesim run` of the article scenario with `days: 91` (diurnal
 * traffic with per-second Poisson noise, one rollout a day: 92 ReplicaSets), every default output, as a fresh
 * process — against the same scenario over 7 days, the two taken in turn. Measured from outside like `process`
 * (GNU time: CPU seconds and peak RSS of the finished process; wall around the call).
 *
 * Targets (issue 20): peak RSS ≤ 1 GiB, and the 13 weeks ≤ 13.5 × the week, read as the pairwise median ratio of
 * CPU seconds (runs taken in turn, so both saw the same machine; CPU rather than wall on a shared machine).
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, MiB, stats, type BenchCase, type Measurement } from '../harness.js';
import { runOnce, type Sample } from './process.js';
import { articleScenario, writeScenario } from './scenarios.js';

export const LONG_TARGETS = { days: 91, rssMiB: 1024, vsWeek: 13.5 } as const;

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kubesim.js'); // as users run it

function row(label: string, samples: readonly Sample[], simulatedSeconds: number): Measurement {
  const wall = stats(samples.map((s) => s.wall));
  return {
    label,
    runs: samples.length,
    warmupKept: false,
    wall,
    samples: samples.map((s) => s.wall),
    simulatedSeconds,
    speedup: simulatedSeconds / wall.median,
    rssPeak: Math.max(...samples.map((s) => s.maxRssBytes)),
  };
}

export const longCase: BenchCase = {
  name: 'long',
  description: `kubesim run of ${LONG_TARGETS.days} simulated days (daily rollouts, per-second noise) as a process, every default output, against the same scenario over 7 days`,
  async run(ctx) {
    const dir = ctx.tmpDir;
    const long = writeScenario(dir, 'long', articleScenario({ days: LONG_TARGETS.days, name: 'bench-long' }));
    const week = writeScenario(dir, 'week', articleScenario({ days: 7, name: 'bench-long-week' }));
    const env = { ...process.env, KUBESIM_PHASES: '1' };
    const timeFile = join(dir, 'time.txt');
    const cmd = (file: string, out: string) => [process.execPath, CLI, 'run', file, '--out', join(dir, out), '--quiet'];
    runOnce(cmd(week, 'week-out'), env, timeFile); // warm-up (file cache); the long run is too long to repeat for that
    const rounds = ctx.quick ? 1 : Math.min(ctx.runs, 3);
    const weeks: Sample[] = [];
    const longs: Sample[] = [];
    for (let round = 0; round < rounds; round++) {
      weeks.push(runOnce(cmd(week, 'week-out'), env, timeFile));
      longs.push(runOnce(cmd(long, 'long-out'), env, timeFile));
      ctx.log(`  round ${round}: week ${weeks.at(-1)!.wall.toFixed(2)} s, ${LONG_TARGETS.days} days ${longs.at(-1)!.wall.toFixed(2)} s (${(longs.at(-1)!.maxRssBytes / MiB).toFixed(0)} MiB)`);
    }
    rmSync(join(dir, 'long-out'), { recursive: true, force: true });
    rmSync(join(dir, 'week-out'), { recursive: true, force: true });
    const ratio = (f: (s: Sample) => number) => stats(longs.map((s, k) => f(s) / f(weeks[k]!))).median;
    const useCpu = longs.every((s) => Number.isFinite(s.cpu));
    const vsWeek = useCpu ? ratio((s) => s.cpu) : ratio((s) => s.wall);
    const peak = Math.max(...longs.map((s) => s.maxRssBytes));
    const metrics: Record<string, number> = {
      longVsWeekCpu: useCpu ? ratio((s) => s.cpu) : Number.NaN,
      longVsWeekWall: ratio((s) => s.wall),
      longPeakRssMiB: peak / MiB,
      weekPeakRssMiB: Math.max(...weeks.map((s) => s.maxRssBytes)) / MiB,
    };
    const phaseNames = [...new Set(longs.flatMap((s) => Object.keys(s.phases)))];
    for (const name of phaseNames) metrics[`long phase ${name} s`] = stats(longs.map((s) => s.phases[name] ?? Number.NaN)).median;
    return {
      rows: [row(`kubesim run (${LONG_TARGETS.days} d, every default output)`, longs, LONG_TARGETS.days * 86_400), row('kubesim run (7 d, same scenario)', weeks, 7 * 86_400)],
      checks: [
        check(`${LONG_TARGETS.days} d peak RSS`, peak / MiB, '<=', LONG_TARGETS.rssMiB, 'MiB'),
        check(`${LONG_TARGETS.days} d / 7 d (${useCpu ? 'CPU' : 'wall'}, pairwise median)`, vsWeek, '<=', LONG_TARGETS.vsWeek),
      ],
      metrics,
      notes: [
        `${LONG_TARGETS.days} d run phases (median s): ${phaseNames.map((n) => `${n} ${metrics[`long phase ${n} s`]!.toFixed(2)}`).join(', ')}`,
      ],
    };
  },
};
