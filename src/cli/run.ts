/**
 * `kubesim run FILE [-] [--scenario FILE] [--out DIR] [--seed N] [--set K=V]... [--check] [--quiet] [--json]`
 *
 * loadScenario → simulate → SLO verdict → output files → one atomic write of the folder, then a short summary on
 * stdout (the summary JSON with `--json`). Warnings go to stderr once (not with `--quiet`). Exit 1 under
 * `--check` when an SLO is missed (the folder is still written: the run itself succeeded).
 */
import { appendFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defaultOutDir } from '../report/paths.js';
import type { Summary } from '../results/types.js';
import { checkOutputFolder, outputFiles, reportRows, stageOutputs, summaryJson } from '../report/files.js';
import { formatDuration, formatInt, formatMoney, formatMs, formatNumber, formatAvailability } from '../results/format.js';
import { buildReport, startChartRenderer, type ChartRenderer } from '../report/index.js';
import { annotationCommands, annotationsFor, jobSummaryText } from '../report/annotations.js';
import { buildStory } from '../results/story.js';
import { evaluateSlo } from '../results/slo.js';
import { loadScenario } from '../scenario/index.js';
import { simulate } from '../world/simulate.js';
import { EXIT } from './errors.js';
import { defineCommand, printWarnings, type CommandContext } from './io.js';
import { namespaceOption, parseSeedFlag, quietOption, resolveInputs, scenarioInputOptions, setFlags, type ScenarioInputArgs } from './options.js';
import { phaseTimer, type PhaseTimer } from './phases.js';
import { progressLine } from './progress.js';

interface RunArgs extends ScenarioInputArgs, CommandContext {
  namespace?: string;
  out?: string;
  seed?: string;
  check?: boolean;
  quiet?: boolean;
  json?: boolean;
  png?: boolean;
}

export const runCommand = defineCommand({
  command: 'run [files..]',
  describe: 'Simulate a scenario and write its report folder',
  builder: (y) =>
    namespaceOption(quietOption(scenarioInputOptions(y)))
      .option('out', { type: 'string', describe: 'Output folder (default reports/<metadata.name>/)' })
      .option('seed', { type: 'string', describe: 'Replace spec.seed' })
      .option('check', { type: 'boolean', describe: 'Exit 1 when an SLO is missed' })
      .option('json', { type: 'boolean', describe: 'Print summary.json instead of the human summary' })
      .option('png', { type: 'boolean', describe: 'Also write every chart as PNG (charts/*.png)' })
      .example('kubesim run scenarios/seed-api.yaml', '')
      .example('helm template chart/ | kubesim run --scenario scenario.yaml -', ''),
  handler: async (args) => args.exit(await run(args)),
});

async function run(args: RunArgs): Promise<number> {
  const phases = phaseTimer(args.io.env, (text) => args.io.err(text));
  const renderer = startChartRenderer(); // vega loads on the chart worker while this thread loads and simulates
  try {
    return await runWith(args, phases, renderer);
  } finally {
    await renderer.close();
    phases.print();
  }
}

/** Timeseries rows from which the chart worker warms up during the simulation (a day at 10 s is 8,640). */
const WARM_UP_ROWS = 5000;

/**
 * Cores from which it does: the warm-up is ~0.5 CPU seconds of vega, worth it only where it has a core to itself.
 * On the project's 2 vCPUs (one core's two hyperthreads, shared with this thread and V8's compiler threads) it
 * slowed the simulation more than it sped the charts up once the bundles had their code cache: the week's run
 * without it, 12 pairs taken in turn, wall median ratio 0.934 (CPU 5.51 → 4.88 s, simulate 2.18 → 1.88 s, report
 * 0.78 → 0.94 s). With more cores it overlaps for free (not measured here: the project has no such machine).
 */
const WARM_UP_CORES = 3;

async function runWith(args: RunArgs, phases: PhaseTimer, renderer: ChartRenderer): Promise<number> {
  const { file, stdin } = resolveInputs(args);
  const { io } = args;
  const scenario = await phases.timeAsync('load', () =>
    loadScenario(file, {
      stdin,
      readStdin: io.readStdin,
      sets: setFlags(args.set),
      ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
      seed: parseSeedFlag(args.seed),
    }),
  );
  const out = args.out ?? defaultOutDir(scenario.name);
  checkOutputFolder(out); // fail before the run, not after it
  const warned = new Set<string>();
  const warn = (list: readonly string[]): void => {
    if (!args.quiet) printWarnings(io, list.filter((w) => !warned.has(w)));
    for (const w of list) warned.add(w);
  };
  warn(scenario.warnings);
  // a run long enough to hide it, on cores enough: the chart worker draws its warm-up charts while this thread simulates
  if (availableParallelism() >= WARM_UP_CORES && scenario.durationMs / scenario.sampleIntervalMs >= WARM_UP_ROWS) renderer.warm();
  const progress = progressLine(io, !args.quiet);
  const result = phases.time('simulate', () =>
    simulate(scenario, {
      onProgress: (now, total) => progress.update(`simulating… ${Math.floor((now / total) * 100)}% (${formatDuration(now / 1000)} of ${formatDuration(total / 1000)})`),
    }),
  );
  progress.done();
  // ---- SLO verdict (src/results/slo.ts) ----
  if (scenario.slo) result.summary.slo = evaluateSlo(result.summary, scenario.slo);
  // the charts are drawn on the worker while this thread writes the data files, streamed, into the partial folder
  const folder = stageOutputs(out);
  let report: Map<string, string>;
  try {
    const reportDone = phases.timeAsync('report', () =>
      buildReport(
        {
          summary: result.summary,
          timeseries: result.timeseries.columns,
          revisions: result.revisions,
          events: reportRows(result),
          hpaDecisions: result.hpaDecisions,
          ...(scenario.slo ? { slo: scenario.slo } : {}),
          junit: args.check === true,
        },
        { renderer },
      ),
    );
    reportDone.catch(() => {}); // awaited below; a data file failing first must not leave it unhandled
    for (const [name, content] of outputFiles(result)) phases.time(name, () => folder.write(name, content));
    report = await reportDone;
    let pngs = new Map<string, Uint8Array>();
    if (args.png) {
      const { pngCharts } = await import('../report/png.js'); // resvg loads only for --png
      pngs = phases.time('png', () => pngCharts(report));
    }
    phases.time('write folder', () => {
      for (const [name, content] of report) folder.write(name, content);
      for (const [name, content] of pngs) folder.write(name, content);
      folder.commit();
    });
  } finally {
    folder.abort();
  }
  const stepSummary = io.env['GITHUB_STEP_SUMMARY'];
  if (stepSummary && report.has('summary.md')) {
    appendFileSync(stepSummary, jobSummaryText(report.get('summary.md')!, existingSize(stepSummary)));
  }
  if (io.env['GITHUB_ACTIONS'] === 'true') {
    // Workflow commands on stdout, or on stderr when stdout carries --json (the runner reads both).
    const story = buildStory({ summary: result.summary, timeseries: result.timeseries.columns, events: reportRows(result), hpaDecisions: result.hpaDecisions, ...(scenario.slo ? { slo: scenario.slo } : {}) });
    (args.json ? io.err : io.out)(annotationCommands(annotationsFor({ scenarioFile: scenario.file, ...(result.summary.slo ? { slo: result.summary.slo } : {}), story, sources: scenario.sources ?? [] })));
  }

  warn(result.warnings);
  if (args.json) io.out(summaryJson(result.summary));
  else if (!args.quiet) io.out(humanSummary(result.summary, out));
  if (args.check && !scenario.slo) warn(['--check: the scenario has no spec.slo, so nothing was checked (junit.xml has one skipped test saying so)']);
  return args.check && result.summary.slo && !result.summary.slo.met ? EXIT.findings : EXIT.ok;
}

/** A few lines for a terminal. */
export function humanSummary(s: Summary, out: string): string {
  const lines = [
    `${s.scenario}: simulated ${formatDuration(s.durationSeconds)} (seed ${s.seed}) → ${out}`,
    `  requests  ${formatInt(s.requests.offered)} offered, ${formatInt(s.requests.served)} served, ${formatInt(s.requests.failed)} failed; availability ${formatAvailability(s.availability)}`,
    `  latency   p50 ${formatMs(s.latency.p50)}, p95 ${formatMs(s.latency.p95)}, p99 ${formatMs(s.latency.p99)}`,
    `  replicas  ready min ${s.replicas.min}, max ${s.replicas.max}, mean ${formatNumber(s.replicas.mean, 1)}; HPA ${s.scaling.scaleUps} up, ${s.scaling.scaleDowns} down`,
    `  outage    ${formatDuration(s.outageSeconds)}`,
    s.nodes && s.cost.requests !== undefined
      ? `  cost      ${formatMoney(s.cost.total)} for ${formatNumber(s.nodes.nodeHours, 2)} node-hours (requested resources: ${formatMoney(s.cost.requests)}, ${formatNumber(s.cost.cpuCoreHours, 2)} CPU core-hours, ${formatNumber(s.cost.memoryGiBHours, 2)} GiB-hours)`
      : `  cost      ${formatMoney(s.cost.total)} (${formatNumber(s.cost.cpuCoreHours, 2)} CPU core-hours, ${formatNumber(s.cost.memoryGiBHours, 2)} GiB-hours)`,
  ];
  if (s.nodes) lines.push(`  nodes     Ready min ${s.nodes.min}, max ${s.nodes.max}, mean ${formatNumber(s.nodes.mean, 1)}; pods Pending ${formatNumber(s.pendingPodSeconds ?? 0, 0)} pod-seconds`);
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

function existingSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
