/**
 * `npm run bench` — kubesim's benchmark suite.
 *
 *   node dist/bench/main.js [--only kernel,trace] [--quick] [--runs N] [--timeout S] [--in-process] [--out FILE]
 *
 *   for each case ─fork─▶ child process (`--child NAME`) ─▶ case.run(ctx) ─IPC─▶ CaseReport
 *                 └ timeout: the child is killed and the case is an ERROR; so is a crash or a missing module
 *   ─▶ table of measurements + PASS/MISS per target on stdout ─▶ reports/bench/bench.json
 *
 * Each case runs in a process of its own, so its peak RSS (`process.resourceUsage().maxRSS`) is its own and a
 * case that hangs or dies cannot take the suite with it. `--in-process` runs them all here instead (debugging).
 * Exit code: 0 when every case ran (whether its targets passed or missed), 1 when a case failed, 2 on bad usage.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contention, contentionWarning, cpuSnapshot } from './contention.js';
import { clockSeconds, MiB, type BenchCase, type BenchContext, type Check, type Measurement } from './harness.js';

interface Entry {
  name: string;
  /** Default time limit of the case's process, seconds. */
  timeoutSeconds: number;
  load: () => Promise<BenchCase>;
}

/** The cases, in the order they run. Loaded lazily: a case whose modules are missing fails alone. */
const CASES: readonly Entry[] = [
  { name: 'kernel', timeoutSeconds: 300, load: async () => (await import('./cases/kernel.js')).kernelCase },
  { name: 'trace', timeoutSeconds: 120, load: async () => (await import('./cases/trace.js')).traceCase },
  { name: 'week', timeoutSeconds: 600, load: async () => (await import('./cases/week.js')).weekCase },
  { name: 'charts', timeoutSeconds: 600, load: async () => (await import('./cases/charts.js')).chartsCase },
  { name: 'large', timeoutSeconds: 900, load: async () => (await import('./cases/large.js')).largeCase },
  { name: 'sweep', timeoutSeconds: 900, load: async () => (await import('./cases/sweep.js')).sweepCase },
  { name: 'process', timeoutSeconds: 900, load: async () => (await import('./cases/process.js')).processCase },
  { name: 'long', timeoutSeconds: 1800, load: async () => (await import('./cases/long.js')).longCase },
  { name: 'scaling', timeoutSeconds: 1800, load: async () => (await import('./cases/scaling.js')).scalingCase },
];

interface Options {
  only: string[] | null;
  quick: boolean;
  runs: number;
  timeoutSeconds: number | null;
  inProcess: boolean;
  out: string;
  child: string | null;
  /** With --child: the temporary folder the parent made (and removes, even if the child is killed). */
  tmp: string | null;
}

/** What a case hands back (over IPC when it ran in a child). */
interface CaseReport {
  name: string;
  description: string;
  status: 'ok' | 'error';
  error?: string;
  /** Wall seconds the whole case took (setup included). */
  seconds: number;
  /** `process.resourceUsage().maxRSS` of the process the case ran in, bytes (its high-water mark). */
  maxRssBytes: number;
  /** User + system CPU seconds of the process the case ran in (worker threads included). */
  cpuSeconds: number;
  rows: Measurement[];
  checks: Check[];
  metrics: Record<string, number>;
  notes: string[];
}

const USAGE = `usage: node dist/bench/main.js [--only ${CASES.map((c) => c.name).join(',')}] [--quick] [--runs N] [--timeout SECONDS] [--in-process] [--out FILE]`;
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    only: null,
    quick: false,
    runs: 0,
    timeoutSeconds: null,
    inProcess: false,
    out: join(REPO, 'reports', 'bench', 'bench.json'),
    child: null,
    tmp: null,
  };
  const args = argv.flatMap((a) => (a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
  const value = (i: number, flag: string): string => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const positive = (s: string, flag: string): number => {
    const n = Number(s);
    if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${flag}: expected a number greater than 0, got ${JSON.stringify(s)}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a) {
      case '--only': {
        const names = value(i++, a).split(',').map((s) => s.trim()).filter((s) => s !== '');
        for (const n of names) {
          if (!CASES.some((c) => c.name === n)) throw new UsageError(`--only: no case ${JSON.stringify(n)} (cases: ${CASES.map((c) => c.name).join(', ')})`);
        }
        o.only = [...(o.only ?? []), ...names];
        break;
      }
      case '--quick':
        o.quick = true;
        break;
      case '--runs':
        o.runs = Math.round(positive(value(i++, a), a));
        break;
      case '--timeout':
        o.timeoutSeconds = positive(value(i++, a), a);
        break;
      case '--in-process':
        o.inProcess = true;
        break;
      case '--out':
        o.out = resolve(value(i++, a));
        break;
      case '--child':
        o.child = value(i++, a);
        break;
      case '--tmp':
        o.tmp = value(i++, a);
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(a)}`);
    }
  }
  if (o.runs === 0) o.runs = o.quick ? 2 : 5;
  return o;
}

/** The child's arguments: the case, its temporary folder, and the options that shape the runs. */
function childArgs(o: Options, name: string, tmp: string): string[] {
  return ['--child', name, '--tmp', tmp, '--runs', String(o.runs), ...(o.quick ? ['--quick'] : [])];
}

const makeTmpDir = (name: string): string => mkdtempSync(join(tmpdir(), `kubesim-bench-${name}-`));

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Runs one case here, in this process. Never throws: a failure is an `error` report. */
async function runCase(entry: Entry, o: Options): Promise<CaseReport> {
  const t0 = clockSeconds();
  const tmpDir = o.tmp ?? makeTmpDir(entry.name);
  const ctx: BenchContext = { quick: o.quick, runs: o.runs, budgetSeconds: o.quick ? 10 : 30, tmpDir, log };
  const report: CaseReport = {
    name: entry.name,
    description: '',
    status: 'ok',
    seconds: 0,
    maxRssBytes: 0,
    cpuSeconds: 0,
    rows: [],
    checks: [],
    metrics: {},
    notes: [],
  };
  try {
    const c = await entry.load();
    report.description = c.description;
    log(`${entry.name}: ${c.description}`);
    const out = await c.run(ctx);
    report.rows = out.rows;
    report.checks = out.checks;
    report.metrics = out.metrics ?? {};
    report.notes = out.notes ?? [];
  } catch (e) {
    report.status = 'error';
    report.error = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    log(`${entry.name}: ERROR ${e instanceof Error && e.stack ? e.stack : String(e)}`);
  } finally {
    if (o.tmp === null) rmSync(tmpDir, { recursive: true, force: true });
  }
  report.seconds = clockSeconds() - t0;
  const usage = process.resourceUsage();
  report.maxRssBytes = usage.maxRSS * 1024;
  report.cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  return report;
}

/** Runs one case in a child process, with a time limit. */
function runCaseInChild(entry: Entry, o: Options): Promise<CaseReport> {
  const timeout = o.timeoutSeconds ?? entry.timeoutSeconds;
  const t0 = clockSeconds();
  const failed = (error: string): CaseReport => ({
    name: entry.name,
    description: '',
    status: 'error',
    error,
    seconds: clockSeconds() - t0,
    maxRssBytes: 0,
    cpuSeconds: 0,
    rows: [],
    checks: [],
    metrics: {},
    notes: [],
  });
  return new Promise((done) => {
    const tmp = makeTmpDir(entry.name);
    const child = fork(fileURLToPath(import.meta.url), childArgs(o, entry.name, tmp), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: CaseReport | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout * 1000);
    child.on('message', (m) => (report = m as CaseReport));
    child.on('error', (e) => {
      clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      done(failed(`cannot start the case process: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      rmSync(tmp, { recursive: true, force: true });
      if (report) done(report);
      else if (timedOut) done(failed(`timed out after ${timeout} s (raise it with --timeout)`));
      else done(failed(`the case process ended without a result (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}

// ---- output ----

function num(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** 1234567 → `1.23 M`. */
function compact(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const units: [number, string][] = [[1e9, ' G'], [1e6, ' M'], [1e3, ' k']];
  for (const [u, s] of units) if (Math.abs(x) >= u) return `${(x / u).toFixed(2)}${s}`;
  return x.toFixed(x >= 100 || Number.isInteger(x) ? 0 : 2);
}

function seconds(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function measurementTable(reports: readonly CaseReport[]): string {
  const header = ['case', 'measurement', 'runs', 'sim s', 'events', 'wall med s', 'min', 'max', 'events/s', 'speed-up', 'RSS MiB'];
  const rows: string[][] = [];
  for (const r of reports) {
    if (r.status === 'error') {
      rows.push([r.name, `ERROR ${r.error ?? ''}`.slice(0, 100)]);
      continue;
    }
    for (const m of r.rows) {
      rows.push([
        r.name,
        m.label,
        `${m.runs}${m.warmupKept ? '*' : ''}`,
        m.simulatedSeconds === undefined ? '–' : compact(m.simulatedSeconds),
        compact(m.events),
        seconds(m.wall.median),
        seconds(m.wall.min),
        seconds(m.wall.max),
        compact(m.eventsPerSecond),
        m.speedup === undefined ? '–' : `${compact(m.speedup)}×`,
        num(m.rssPeak / MiB, 0),
      ]);
    }
  }
  return table(header, rows, [false, false, true, true, true, true, true, true, true, true, true]);
}

function targetTable(reports: readonly CaseReport[]): string {
  const header = ['case', 'target', 'value', 'limit', 'result'];
  const rows: string[][] = [];
  for (const r of reports) {
    if (r.status === 'error') {
      rows.push([r.name, '', '', '', 'ERROR']);
      continue;
    }
    for (const c of r.checks) {
      const unit = c.unit ? ` ${c.unit}` : '';
      const digits = c.unit === 'MiB' ? 0 : 3;
      rows.push([r.name, c.label, `${num(c.value, digits)}${unit}`, `${c.op === '<=' ? '≤' : '≥'} ${num(c.limit, c.unit === 's' ? 1 : digits === 0 ? 0 : 1)}${unit}`, c.pass ? 'PASS' : 'MISS']);
    }
  }
  return table(header, rows, [false, false, true, true, false]);
}

function machine(): Record<string, unknown> {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    availableParallelism: availableParallelism(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    /** 1/5/15-minute load averages when the suite ended (they include the suite's own processes). */
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
    return 2;
  }

  if (o.child !== null) {
    const entry = CASES.find((c) => c.name === o.child);
    if (!entry || !process.send) {
      process.stderr.write(`bench: --child ${o.child}: ${entry ? 'not started by the bench (no IPC channel)' : 'no such case'}\n`);
      return 2;
    }
    const report = await runCase(entry, o);
    await new Promise<void>((done) => process.send!(report, () => done()));
    process.disconnect(); // the IPC channel would keep this process alive
    return 0;
  }

  const selected = CASES.filter((c) => o.only === null || o.only.includes(c.name));
  log(`kubesim bench: ${selected.map((c) => c.name).join(', ')}${o.quick ? ' (quick)' : ''}, ${o.runs} timed runs per measurement unless a case is slow`);
  const reports: CaseReport[] = [];
  const cpuBefore = cpuSnapshot(clockSeconds());
  const ownBefore = process.cpuUsage();
  for (const entry of selected) {
    const report = o.inProcess ? await runCase(entry, o) : await runCaseInChild(entry, o);
    log(`${entry.name}: ${report.status === 'ok' ? 'done' : `ERROR ${report.error}`} in ${seconds(report.seconds)} s\n`);
    reports.push(report);
  }
  // in-process cases are already inside the parent's own usage
  const ownUsage = process.cpuUsage(ownBefore);
  const caseCpu = o.inProcess ? 0 : reports.reduce((t, r) => t + r.cpuSeconds, 0);
  const shared = contention(cpuBefore, cpuSnapshot(clockSeconds()), (ownUsage.user + ownUsage.system) / 1e6 + caseCpu);

  const out = [
    '',
    measurementTable(reports),
    '',
    'runs: timed runs after the warm-up (* = a slow warm-up kept as the first timed run); wall = median, min, max;',
    'RSS MiB = largest process.memoryUsage().rss sampled after each timed run.',
    '',
    targetTable(reports),
    '',
  ];
  for (const r of reports) {
    for (const n of r.notes) out.push(`note (${r.name}): ${n}`);
    const metrics = Object.entries(r.metrics);
    if (metrics.length > 0) out.push(`${r.name}: ${metrics.map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`).join(', ')}, max RSS ${num(r.maxRssBytes / MiB, 0)} MiB`);
  }
  const warning = contentionWarning(shared, cpus().length);
  out.push(warning ?? `other processes used ${shared.otherSeconds.toFixed(1)} CPU seconds during the ${shared.wallSeconds.toFixed(0)} s run (quiet)`);
  process.stdout.write(`${out.join('\n')}\n`);

  const json = {
    generatedAt: new Date().toISOString(), // wall-clock: benchmark timing (the report's date)
    machine: machine(),
    contention: {
      ...shared,
      about: 'CPU seconds the machine was busy during the run, the suite used itself, and other processes used (busy − own)',
    },
    options: { quick: o.quick, runs: o.runs, only: o.only, isolated: !o.inProcess },
    rss: {
      rowRssPeak: 'largest process.memoryUsage().rss sampled after each timed run, bytes',
      caseMaxRss: 'process.resourceUsage().maxRSS of the process the case ran in (its high-water mark), bytes',
    },
    cases: reports.map((r) => ({
      ...r,
      result: r.status === 'error' ? 'ERROR' : r.checks.every((c) => c.pass) ? 'PASS' : 'MISS',
      checks: r.checks.map((c) => ({ ...c, result: c.pass ? 'PASS' : 'MISS' })),
    })),
  };
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(json, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  process.stdout.write(`wrote ${o.out}\n`);
  return reports.some((r) => r.status === 'error') ? 1 : 0;
}

process.exitCode = await main();
