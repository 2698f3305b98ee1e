/**
 * `process`: kubesim as a user runs it, timed from outside — each run is a fresh `node` process started with
 * `child_process.spawnSync`, its wall time read around the call, its CPU time and peak RSS from GNU time
 * (`/usr/bin/time -f`, the kernel's accounting of the finished process; wall only when it is missing):
 *
 *   bare       `node -e 0`: Node's own start, the floor of every command
 *   version    `kubesim --version`
 *   validate   `kubesim validate week.yaml`
 *   run        `kubesim run week.yaml` — the article's week with a 604,800-row CSV trace, every default output —
 *              with KUBESIM_PHASES=1, so each run also reports its phases (start, load, simulate, each file)
 *   tick loop  a plain 1 s tick loop over the same trace (tick-loop.ts), the reference a user could run instead
 *
 * The commands take turns (bare, version, validate, run, tick loop, bare, …) after one warm-up round, so a
 * ratio compares runs made at the same time: the machine is shared, and its speed drifts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, clockSeconds, MiB, stats, type BenchCase, type Measurement } from '../harness.js';
import { articleScenario, writeScenario } from './scenarios.js';
import { writeWeekTrace } from './trace.js';

export const PROCESS_TARGETS = { weekSeconds: 1.0, weekVsTickLoop: 0.5, versionVsBare: 3 } as const;

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(HERE, '..', '..', 'bin', 'kubesim.js'); // the bundled command line, as `npm install` links it
const TICK_LOOP = join(HERE, 'tick-loop.js');
const GNU_TIME = '/usr/bin/time';

export interface Sample {
  wall: number;
  cpu: number;
  maxRssBytes: number;
  phases: Record<string, number>;
  /** `<bundle> <state>` per bundle the process loaded (src/cli/bundle/launch.ts): was its code cache used? */
  codeCache: string[];
}

/** Runs `argv` once as a process and measures it. */
export function runOnce(argv: readonly string[], env: NodeJS.ProcessEnv, timeFile: string): Sample {
  const useTime = existsSync(GNU_TIME);
  const [cmd, args] = useTime ? [GNU_TIME, ['-o', timeFile, '-f', '%U %S %M', ...argv]] : [argv[0]!, argv.slice(1)];
  const t0 = clockSeconds();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 * MiB });
  const wall = clockSeconds() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stderr ?? '').slice(-400)}`);
  let cpu = Number.NaN;
  let maxRssBytes = 0;
  if (useTime) {
    const [user, sys, rssKiB] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    cpu = user! + sys!;
    maxRssBytes = rssKiB! * 1024;
  }
  const phases: Record<string, number> = {};
  const codeCache: string[] = [];
  for (const line of (r.stderr ?? '').split('\n')) {
    const m = /^kubesim-phase (.+) (\d+(?:\.\d+)?)$/.exec(line);
    if (m) phases[m[1]!] = Number(m[2]) / 1000;
    const c = /^kubesim-code-cache (\S+ \S+)$/.exec(line);
    if (c) codeCache.push(c[1]!);
  }
  return { wall, cpu, maxRssBytes, phases, codeCache: codeCache.sort() };
}

function row(label: string, samples: readonly Sample[], simulatedSeconds?: number): Measurement {
  const wall = stats(samples.map((s) => s.wall));
  return {
    label,
    runs: samples.length,
    warmupKept: false,
    wall,
    samples: samples.map((s) => s.wall),
    ...(simulatedSeconds === undefined ? {} : { simulatedSeconds, speedup: simulatedSeconds / wall.median }),
    rssPeak: Math.max(...samples.map((s) => s.maxRssBytes)),
  };
}

export const processCase: BenchCase = {
  name: 'process',
  description: 'whole processes as a user runs them: kubesim run of a week with a 604,800-row trace, --version, validate; a plain tick loop as reference',
  async run(ctx) {
    const dir = ctx.tmpDir;
    const trace = join(dir, 'week.csv');
    writeWeekTrace(trace);
    const yaml = articleScenario({ days: 7, name: 'bench-week-trace' }).replace(
      /^ {6}- diurnal:.*\n {6}- noise:.*\n/m,
      '      - csv: {file: week.csv}\n',
    );
    if (!yaml.includes('csv: {file: week.csv}')) throw new Error('the week scenario has no trace');
    const scenario = writeScenario(dir, 'week', yaml);
    const out = join(dir, 'out');
    const node = process.execPath;
    const env = { ...process.env, KUBESIM_PHASES: '1' };
    const commands: [string, string[]][] = [
      ['bare node -e 0', [node, '-e', '0']],
      ['kubesim --version', [node, CLI, '--version']],
      ['kubesim validate (week)', [node, CLI, 'validate', scenario]],
      ['kubesim run (week, every default output)', [node, CLI, 'run', scenario, '--out', out, '--quiet']],
      ['plain 1 s tick loop (week)', [node, TICK_LOOP, trace, join(dir, 'tick.csv')]],
    ];
    const samples: Sample[][] = commands.map(() => []);
    const timeFile = join(dir, 'time.txt');
    const rounds = ctx.runs + 1;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < commands.length; i++) {
        const s = runOnce(commands[i]![1], env, timeFile);
        if (round > 0) samples[i]!.push(s); // round 0 is the warm-up (file cache, JIT caches)
      }
      ctx.log(`  round ${round}${round === 0 ? ' (warm-up)' : ''}: run ${samples[3]!.at(-1)?.wall.toFixed(2) ?? '–'} s`);
    }
    rmSync(out, { recursive: true, force: true });
    const [bare, version, , run, tick] = samples as [Sample[], Sample[], Sample[], Sample[], Sample[]];
    const ratio = (a: Sample[], b: Sample[], f: (s: Sample) => number) => stats(a.map((s, k) => f(s) / f(b[k]!))).median;
    const weekVsTick = ratio(run, tick, (s) => s.wall);
    const versionVsBare = ratio(version, bare, (s) => s.wall);
    const rows = commands.map(([label], i) => row(label, samples[i]!, i === 3 || i === 4 ? 7 * 86_400 : undefined));
    // the phase breakdown of the week's run: medians over runs
    const phaseNames = [...new Set(run.flatMap((s) => Object.keys(s.phases)))];
    const metrics: Record<string, number> = {
      weekVsTickLoopWall: weekVsTick,
      versionVsBareWall: versionVsBare,
      weekVsTickLoopCpu: ratio(run, tick, (s) => s.cpu),
      versionVsBareCpu: ratio(version, bare, (s) => s.cpu),
    };
    for (const [i, [label]] of commands.entries()) {
      const cpu = samples[i]!.map((s) => s.cpu);
      if (cpu.every(Number.isFinite)) metrics[`cpuSeconds ${label}`] = stats(cpu).median;
    }
    for (const name of phaseNames) metrics[`phase ${name} s`] = stats(run.map((s) => s.phases[name] ?? Number.NaN)).median;
    const notes = [
      `week run phases (median s): ${phaseNames.map((n) => `${n} ${metrics[`phase ${n} s`]!.toFixed(3)}`).join(', ')} ` +
        '(start = Node start-up, imports and argument parsing; report = chart specs, then waiting for the chart worker, which draws while the data files are built)',
      'wall times on a shared machine: read the ratios (runs taken in turn) and the CPU seconds in metrics',
      // a cache V8 rejected (another Node than the build's, other flags) leaves a slower run: say which
      `code caches in the week's runs: ${[...new Set(run.map((s) => s.codeCache.join(', ') || 'none loaded'))].join(' | ')}`,
    ];
    return {
      rows,
      checks: [
        check('week run median wall', rows[3]!.wall.median, '<=', PROCESS_TARGETS.weekSeconds, 's'),
        check('week run / tick loop (wall, pairwise median)', weekVsTick, '<=', PROCESS_TARGETS.weekVsTickLoop),
        check('--version / node -e 0 (wall, pairwise median)', versionVsBare, '<=', PROCESS_TARGETS.versionVsBare),
      ],
      metrics,
      notes,
    };
  },
};
