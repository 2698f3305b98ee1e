/**
 * `kubesim run FILE [-] [--scenario FILE] [--out DIR] [--seed N] [--set K=V]... [--check] [--quiet] [--json]`
 *
 * loadScenario → simulate → SLO verdict → output files → one atomic write of the folder, then a short summary on
 * stdout (the summary JSON with `--json`). Warnings go to stderr once (not with `--quiet`). Exit 1 under
 * `--check` when an SLO is missed (the folder is still written: the run itself succeeded).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../engine/errors.js';
import type { Summary } from '../results/types.js';
import { buildOutputFiles, checkOutputFolder, summaryJson, writeOutputsAtomically } from '../report/files.js';
import { formatDuration, formatInt, formatMoney, formatMs, formatNumber, formatPercent } from '../results/format.js';
import { buildReport } from '../report/index.js';
import { pngCharts } from '../report/png.js';
import { evaluateSlo } from '../results/slo.js';
import { loadScenario } from '../scenario/index.js';
import { simulate } from '../world/simulate.js';
import { EXIT, printWarnings, UsageError } from './errors.js';

/** yargs drops a bare `-`; main.ts passes it as this token instead. */
export const STDIN_ARG = '<stdin>';

interface RunArgs {
  files: string[];
  scenario?: string;
  out?: string;
  seed?: string;
  set?: string | string[];
  check?: boolean;
  quiet?: boolean;
  json?: boolean;
  png?: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [files..]',
  describe: 'Simulate a scenario and write its report folder',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, default: [], describe: 'The scenario file, and - to read more manifests from stdin' })
      .option('scenario', { type: 'string', describe: 'The scenario file (instead of the first argument)' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<metadata.name>/)' })
      .option('seed', { type: 'string', describe: 'Replace spec.seed' })
      .option('set', { type: 'string', describe: 'Override a field: KIND/NAME.PATH=VALUE or scenario.PATH=VALUE (repeatable)' })
      .option('check', { type: 'boolean', describe: 'Exit 1 when an SLO is missed' })
      .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
      .option('json', { type: 'boolean', describe: 'Print summary.json instead of the human summary' })
      .option('png', { type: 'boolean', describe: 'Also write every chart as PNG (charts/*.png)' })
      .example('kubesim run scenarios/seed-api.yaml', '')
      .example('helm template chart/ | kubesim run --scenario scenario.yaml -', ''),
  handler: async (args) => {
    process.exitCode = await run(args);
  },
};

/** Which file holds the Scenario, and whether stdin brings more manifests. */
export function resolveInputs(args: Pick<RunArgs, 'files' | 'scenario'>): { file: string; stdin: boolean } {
  const isDash = (f: string) => f === '-' || f === STDIN_ARG;
  const dashes = args.files.filter(isDash).length;
  const files = args.files.filter((f) => !isDash(f));
  if (dashes > 1) throw new UsageError('"-" (standard input) can be given once');
  if (args.scenario !== undefined) {
    if (files.length > 0) throw new UsageError(`give the scenario once: --scenario ${args.scenario} or ${files[0]}`);
    return isDash(args.scenario) ? { file: '-', stdin: false } : { file: args.scenario, stdin: dashes === 1 };
  }
  if (files.length > 1) throw new UsageError('one scenario file only (list more manifests in spec.manifests, or pipe them in with -)');
  if (files.length === 0) {
    if (dashes === 1) return { file: '-', stdin: false };
    throw new UsageError('missing the scenario file: kubesim run FILE');
  }
  return { file: files[0]!, stdin: dashes === 1 };
}

export function parseSeedFlag(seed: string | undefined): number | undefined {
  if (seed === undefined) return undefined;
  if (!/^\d+$/.test(seed.trim()) || !Number.isSafeInteger(Number(seed))) {
    throw new UserError(`expected an integer of 0 or more, got ${JSON.stringify(seed)}`, { file: '--seed' });
  }
  return Number(seed);
}

export const setFlags = (set: string | string[] | undefined): string[] => (set === undefined ? [] : Array.isArray(set) ? set : [set]);

async function run(args: RunArgs): Promise<number> {
  const { file, stdin } = resolveInputs(args);
  const scenario = await loadScenario(file, { stdin, sets: setFlags(args.set), seed: parseSeedFlag(args.seed) });
  const out = args.out ?? join('reports', scenario.name);
  checkOutputFolder(out); // fail before the run, not after it
  const warned = new Set<string>();
  const warn = (list: readonly string[]): void => {
    if (!args.quiet) printWarnings(list.filter((w) => !warned.has(w)));
    for (const w of list) warned.add(w);
  };
  warn(scenario.warnings);
  const progress = progressLine(args.quiet === true);
  const result = simulate(scenario, { onProgress: progress.update });
  progress.done();
  // ---- SLO verdict (src/report/slo.ts) ----
  if (scenario.slo) result.summary.slo = evaluateSlo(result.summary, scenario.slo);
  const files: Map<string, string | Uint8Array> = buildOutputFiles(result);
  const report = await buildReport({
    summary: result.summary,
    timeseries: result.timeseries.columns,
    events: result.events,
    ...(scenario.slo ? { slo: scenario.slo } : {}),
    junit: args.check === true,
  });
  for (const [name, content] of report) files.set(name, content);
  if (args.png) for (const [name, content] of pngCharts(report)) files.set(name, content);
  writeOutputsAtomically(out, files);
  const stepSummary = process.env['GITHUB_STEP_SUMMARY'];
  if (stepSummary && report.has('summary.md')) appendFileSync(stepSummary, report.get('summary.md')! + '\n');

  warn(result.warnings);
  if (args.json) process.stdout.write(summaryJson(result.summary));
  else if (!args.quiet) process.stdout.write(humanSummary(result.summary, out));
  if (args.check && !scenario.slo) warn(['--check: the scenario has no spec.slo, so there is nothing to miss']);
  return args.check && result.summary.slo && !result.summary.slo.met ? EXIT.findings : EXIT.ok;
}

/**
 * A progress line on stderr for runs longer than a second, only when stderr is a terminal (silent otherwise,
 * and with --quiet). Wall-clock time is read here only, for the display; it never reaches the results.
 */
function progressLine(quiet: boolean): { update: (nowMs: number, durationMs: number) => void; done: () => void } {
  if (quiet || !process.stderr.isTTY) return { update: () => {}, done: () => {} };
  const started = performance.now(); // wall-clock: progress display only
  let shown = false;
  return {
    update: (nowMs, durationMs) => {
      const elapsed = performance.now() - started; // wall-clock: progress display only
      if (elapsed < 1000) return;
      shown = true;
      const pct = Math.floor((nowMs / durationMs) * 100);
      process.stderr.write(`\r  simulating… ${pct}% (${formatDuration(nowMs / 1000)} of ${formatDuration(durationMs / 1000)})   `);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

/** A few lines for a terminal. */
export function humanSummary(s: Summary, out: string): string {
  const lines = [
    `${s.scenario}: simulated ${formatDuration(s.durationSeconds)} (seed ${s.seed}) → ${out}`,
    `  requests  ${formatInt(s.requests.offered)} offered, ${formatInt(s.requests.served)} served, ${formatInt(s.requests.failed)} failed; availability ${formatPercent(s.availability, 3)}`,
    `  latency   p50 ${formatMs(s.latency.p50)}, p95 ${formatMs(s.latency.p95)}, p99 ${formatMs(s.latency.p99)}`,
    `  replicas  ready min ${s.replicas.min}, max ${s.replicas.max}, mean ${formatNumber(s.replicas.mean, 1)}; HPA ${s.scaling.scaleUps} up, ${s.scaling.scaleDowns} down`,
    `  outage    ${formatDuration(s.outageSeconds)}`,
    `  cost      ${formatMoney(s.cost.total)} (${formatNumber(s.cost.cpuCoreHours, 2)} CPU core-hours, ${formatNumber(s.cost.memoryGiBHours, 2)} GiB-hours)`,
  ];
  for (const r of s.rollouts) {
    const took = r.durationSeconds === null ? 'did not complete' : `completed in ${formatDuration(r.durationSeconds)}`;
    lines.push(`  rollout   ${r.deployment} → ${r.image} at ${formatDuration(r.startedAt)}: ${took}`);
  }
  if (s.slo) {
    lines.push(`  slo       ${s.slo.met ? 'met' : 'MISSED'}`);
    for (const c of s.slo.checks) lines.push(`            ${c.met ? 'ok  ' : 'FAIL'} ${c.detail}`);
  }
  return lines.join('\n') + '\n';
}
