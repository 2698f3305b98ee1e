/**
 * `npm run fuzz -- [--minutes N] [--seed S] [--timeout SECONDS]`: a seeded mutation fuzzer of the bundled
 * scenarios that checks the exit-code contract of `kubesim run` / `validate`:
 *
 *   - the exit code is 0, 1 or 2 — never 70 (an internal error) or a signal;
 *   - no stack trace on stderr;
 *   - no hang: each input finishes within --timeout seconds (default 60; the limit is wall-clock, so a loaded machine needs more);
 *   - no partial folder: nothing named `*.partial-*` or `*.old-*` is left, and an exit 2 writes no --out folder.
 *
 * Mutations (seeded, so a run is repeatable): a value in the parsed scenario or one of its manifests replaced by
 * an absurd but well-typed one (1e308, -1, 0, NaN-ish text, a 10,000-character name, control characters,
 * `__proto__`), a key deleted or duplicated, a list item repeated, the YAML text truncated or a byte flipped, and
 * `--set` flags with hostile paths. Inputs run in a child process (the CLI in process via `runCli`), which the
 * parent kills and restarts when one hangs. Findings are written to `reports/fuzz/` with the input that caused
 * them; the summary line says how many inputs were tried.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { parseAllDocuments, stringify } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

interface Job {
  id: number;
  args: string[];
  dir: string;
}
interface Done {
  id: number;
  status: number;
  stderr: string;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const minutes = flag('minutes', 1);
  const seed = flag('seed', 1);
  const timeoutMs = flag('timeout', 60) * 1000;
  const rng = seedrandom.alea(`kubesim-fuzz/${seed}`);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const bundled = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.sweep.yaml'))
    .map((f) => readFileSync(join(ROOT, 'scenarios', f), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'kubesim-fuzz-'));
  const findingsDir = join(ROOT, 'reports', 'fuzz');
  const deadline = performance.now() + minutes * 60_000; // wall clock: the fuzzer's own budget only
  let tried = 0;
  const exits = new Map<number, number>();
  const findings: string[] = [];

  let child: ChildProcess | null = null;
  let pending: ((d: Done | null) => void) | null = null;
  const start = async (): Promise<void> => {
    child = fork(import.meta.filename, ['--worker'], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'ignore', 'ignore', 'ipc'], cwd: work });
    child.on('exit', () => {
      child = null;
      pending?.(null);
    });
    await new Promise<void>((resolve, reject) => {
      child!.once('message', () => resolve());
      child!.once('exit', (code) => reject(new Error(`fuzz worker exited (${code}) before it was ready`)));
    });
    child.on('message', (d: Done) => pending?.(d));
  };
  const runJob = async (job: Job): Promise<Done | 'hang' | 'crash'> => {
    if (!child) await start();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending = null;
        child?.kill('SIGKILL');
        resolve('hang');
      }, timeoutMs);
      pending = (d) => {
        clearTimeout(timer);
        pending = null;
        resolve(d ?? 'crash');
      };
      child!.send(job);
    });
  };

  while (performance.now() < deadline) {
    const id = tried++;
    const dir = join(work, String(id));
    mkdirSync(dir);
    const { text, sets } = mutate(pick(bundled), rng);
    writeFileSync(join(dir, 'scenario.yaml'), text);
    const command = rng() < 0.15 ? 'validate' : 'run';
    const out = join(dir, 'out');
    const args = [command, join(dir, 'scenario.yaml'), ...(command === 'run' ? ['--out', out, '--quiet'] : []), ...sets.flatMap((s) => ['--set', s])];
    const r = await runJob({ id, args, dir });
    const problem =
      r === 'hang'
        ? `hang (over ${timeoutMs / 1000}s)`
        : r === 'crash'
          ? 'the worker died'
          : ![0, 1, 2].includes(r.status)
            ? `exit ${r.status}: ${r.stderr.trim().split('\n').pop()}`
            : /\n\s+at /.test(r.stderr)
              ? 'stack trace on stderr'
              : readdirSync(dir).some((n) => /\.(partial|old)-\d+$/.test(n))
                ? 'partial folder left behind'
                : r.status === 2 && existsSync(out)
                  ? 'exit 2 but the output folder was written'
                  : null;
    if (typeof r === 'object') exits.set(r.status, (exits.get(r.status) ?? 0) + 1);
    if (problem) {
      mkdirSync(findingsDir, { recursive: true });
      const name = `finding-${seed}-${id}`;
      writeFileSync(join(findingsDir, `${name}.yaml`), text);
      writeFileSync(join(findingsDir, `${name}.txt`), `${problem}\nargs: ${JSON.stringify(args.slice(2))}\n${typeof r === 'object' ? r.stderr : ''}`);
      findings.push(`${name}: ${problem}`);
      process.stderr.write(`fuzz: ${name}: ${problem}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  (child as ChildProcess | null)?.kill();
  rmSync(work, { recursive: true, force: true });
  const byExit = [...exits.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => `exit ${c}: ${n}`).join(', ');
  process.stdout.write(`fuzz: seed ${seed}, ${minutes} min: ${tried} inputs tried (${byExit}); ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
  for (const f of findings) process.stdout.write(`  ${f}\n`);
  process.exitCode = findings.length === 0 ? 0 : 1;
}

// ---- mutations ----

const ABSURD: readonly unknown[] = [
  1e308, -1e308, -1, 0, 0.5, 1e21, 2 ** 53, 2 ** 31, -0, 1e-320, '1e308', '.inf', 'NaN', '', ' ', 'x'.repeat(10_000),
  '\u001b[31mred\u001b[0m', 'a\nb', '../../../etc', '/dev/zero', '=HYPERLINK("x")', '-cmd', '+1', '@x', '0s', '1ms', '1ns', '87600h',
  '999999h', '-5m', '250x', '1e3Gi', '99.9%', '200%', null, true, [], {}, [1, 2], { a: 1 }, { __proto__: null, x: 1 },
];
const KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'replicas', 'duration', 'x', ''];
const SET_PATHS: readonly string[] = [
  'scenario.spec.__proto__.duration=1e308',
  'scenario.spec.constructor.prototype.x=1',
  'deploy/api.spec.replicas=1e308',
  'deploy/api.spec.replicas=-1',
  'hpa/api.spec.maxReplicas=100000000',
  'scenario.spec.sampleInterval=1ms',
  'scenario.spec.controllers.hpaSyncPeriod=1ms',
  'scenario.spec.duration=87600h',
  'scenario.spec.traffic.api[0].constant=1e308',
  'deploy/api.spec.template.spec.containers[0].image=\u001b]0;x\u0007',
  'scenario.metadata.name=../../../x',
  'scenario.spec.manifests=[/dev/zero]',
];

function mutate(source: string, rng: () => number): { text: string; sets: string[] } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const sets: string[] = [];
  if (rng() < 0.2) sets.push(pick(SET_PATHS));
  const r = rng();
  if (r < 0.1) {
    // text-level: truncate or flip a byte
    const at = Math.floor(rng() * source.length);
    return { text: rng() < 0.5 ? source.slice(0, at) : source.slice(0, at) + String.fromCharCode(Math.floor(rng() * 128)) + source.slice(at + 1), sets };
  }
  const docs = parseAllDocuments(source).map((d) => d.toJS() as unknown);
  const n = 1 + Math.floor(rng() * 3);
  for (let k = 0; k < n; k++) {
    const doc = pick(docs);
    const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    walk(doc, (parent, key) => nodes.push({ parent, key }));
    if (nodes.length === 0) continue;
    const { parent, key } = pick(nodes);
    const m = rng();
    if (m < 0.6) (parent as Record<string | number, unknown>)[key] = structuredClone(pick(ABSURD));
    else if (m < 0.75) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key as string];
    } else if (m < 0.85 && Array.isArray(parent)) {
      for (let i = 0; i < 1 + Math.floor(rng() * 50); i++) parent.push(structuredClone(parent[Number(key)]));
    } else if (!Array.isArray(parent)) {
      Object.defineProperty(parent, pick(KEYS), { value: structuredClone(parent[key as string]), enumerable: true, writable: true, configurable: true });
    }
  }
  return { text: docs.map((d) => stringify(d, { aliasDuplicateObjects: false })).join('---\n'), sets };
}

function walk(v: unknown, visit: (parent: Record<string, unknown> | unknown[], key: string | number) => void): void {
  if (Array.isArray(v)) v.forEach((x, i) => (visit(v, i), walk(x, visit)));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) (visit(v as Record<string, unknown>, k), walk(x, visit));
}

// ---- the worker: runs the CLI in process for each job it is sent ----
if (process.argv[2] === '--worker') {
  const { runCli } = await import('../../src/cli/root.js');
  process.on('message', async (job: Job) => {
    let stderr = '';
    const status = await runCli(job.args, {
      out: () => {},
      err: (t) => void (stderr += t),
      readStdin: async () => '',
      env: {},
      stderrIsTTY: false,
    });
    process.send!({ id: job.id, status, stderr } satisfies Done);
  });
  process.send!({ id: -1, status: 0, stderr: '' });
} else {
  await main();
}
