/**
 * `kubesim validate FILE [-] [--scenario FILE] [--set K=V]...`: load and normalise the scenario without running
 * it; print `ok: …` with what it holds, warnings to stderr. Exit 0, or 2 with the first problem.
 */
import { formatDuration } from '../results/format.js';
import { describeEstimate, estimateRun, loadScenario, type Scenario } from '../scenario/index.js';
import { EXIT } from './errors.js';
import { defineCommand, printWarnings } from './io.js';
import { namespaceOption, quietOption, resolveInputs, scenarioInputOptions, setFlags } from './options.js';

export const validateCommand = defineCommand({
  command: 'validate [files..]',
  describe: 'Check a scenario and its manifests without running it',
  builder: (y) => namespaceOption(quietOption(scenarioInputOptions(y))),
  handler: async (args) => {
    const { file, stdin } = resolveInputs(args);
    const scenario = await loadScenario(file, { stdin, readStdin: args.io.readStdin, sets: setFlags(args.set), ...(args.namespace !== undefined ? { namespace: args.namespace } : {}) });
    if (!args.quiet) {
      printWarnings(args.io, scenario.warnings);
      args.io.out(`ok: ${describeScenario(scenario)}\n`);
      args.io.out(`estimated run: ${describeEstimate(estimateRun(scenario))}\n`);
    }
    args.exit(EXIT.ok);
  },
});

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `scenario.yaml: scenario "api" (2h): 1 Deployment, 1 Service, 1 HorizontalPodAutoscaler, …` */
export function describeScenario(s: Scenario): string {
  const parts = [
    count(s.deployments.length, 'Deployment'),
    count(s.services.length, 'Service'),
    count(s.hpas.length, 'HorizontalPodAutoscaler'),
    ...(s.quotas.length > 0 ? [count(s.quotas.length, 'ResourceQuota')] : []),
    ...(new Set([...s.deployments, ...s.services].map((o) => o.metadata.namespace)).size > 1
      ? [`namespaces ${[...new Set([...s.deployments, ...s.services].map((o) => o.metadata.namespace))].sort().join(', ')}`]
      : []),
    ...(s.pdbs.length > 0 ? [count(s.pdbs.length, 'PodDisruptionBudget')] : []),
    ...(s.cluster.nodePools.length > 0
      ? [`${count(s.cluster.nodePools.length, 'node pool')} (${count(s.cluster.nodePools.reduce((n, p) => n + p.nodes, 0), 'node')})`]
      : []),
    `${s.ignored.length} ignored`,
    `traffic for ${count(Object.keys(s.traffic).length, 'target')}`,
    count(s.events.length, 'event'),
    s.slo ? `${count(Object.keys(s.slo).length, 'SLO target')}` : 'no SLO',
    count(s.warnings.length, 'warning'),
  ];
  return `${s.file}: scenario "${s.name}" (${formatDuration(s.durationMs / 1000)}, seed ${s.seed}): ${parts.join(', ')}`;
}
